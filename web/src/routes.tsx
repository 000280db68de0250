// THE PAGE REGISTRY: every page of the console and every sidebar entry is listed here, and nowhere else.
//
// To add pages: write them in web/src/pages/<area>/ and export from that folder's *-pages.tsx (the types are
// in route-types.ts, so a page never imports this file)
//   - `pages: PageRoute[]`  one entry per page: a path pattern (":name" matches one segment, decoded into
//                           params), the document title, and `render(params, query)` returning the page;
//   - `nav: NavEntry[]`     the sidebar entries of the area (label, target path, `order` among the entries,
//                           and `active` path prefixes that highlight it);
// then spread them into PAGES and NAV below. The first matching pattern wins, so put fixed segments
// ("/apps/new") before parameters ("/apps/:app"). Pages render inside the shell (sidebar, header, sign-in
// gate); use the pieces in web/src/ui/ and call the server only through web/src/api/client.ts.
import type { NavEntry, PageRoute } from './route-types.js';
import { adminNav, adminPages } from './pages/admins/admin-pages.js';
import { appNav, appPages } from './pages/apps/app-pages.js';
import { directoryNav, directoryPages } from './pages/tenants/tenant-pages.js';

/** Every page, in matching order. */
export const PAGES: PageRoute[] = [...directoryPages, ...appPages, ...adminPages];

/** The sidebar, sorted by `order`. */
export const NAV: NavEntry[] = [...directoryNav, ...appNav, ...adminNav].sort((a, b) => a.order - b.order);

/** Where "/" goes. */
export const HOME = '/tenants';
