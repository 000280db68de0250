// The console's own admin accounts. Spread into the registry in web/src/routes.tsx.
import type { NavEntry, PageRoute } from '../../route-types.js';
import { AdminsPage } from './admins-page.js';

/** The admin account pages. */
export const adminPages: PageRoute[] = [{ path: '/admins', title: 'Admins', render: () => <AdminsPage /> }];

/** Last in the sidebar (order 90). */
export const adminNav: NavEntry[] = [{ label: 'Admins', to: '/admins', order: 90 }];
