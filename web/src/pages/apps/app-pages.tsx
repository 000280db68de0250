// The directory side's apps (gallery, Provisioning, mappings, assignments, on demand, dry run, sync details,
// logs): their pages and sidebar entries, spread into the registry in web/src/routes.tsx.
import type { NavEntry, PageRoute } from '../../routes.js';

/** The app pages. */
export const appPages: PageRoute[] = [];

/** The app side's sidebar entries (order 20 and up). */
export const appNav: NavEntry[] = [];
