// The app side and directory data: tenants, a tenant's SCIM provisioning (Tenant URL, secret tokens), its users
// and groups, CSV import and the inbound activity log. Spread into the registry in web/src/routes.tsx.
import type { NavEntry, PageRoute } from '../../routes.js';
import { TenantsPage } from './tenants-page.js';

/** The tenant pages. */
export const directoryPages: PageRoute[] = [{ path: '/tenants', title: 'Tenants', render: () => <TenantsPage /> }];

/** The tenant side's sidebar entries (order below 20). */
export const directoryNav: NavEntry[] = [{ label: 'Tenants', to: '/tenants', order: 10 }];
