// The app side and directory data: tenants, a tenant's SCIM provisioning (Tenant URL, secret tokens), its users
// and groups, CSV import and the inbound activity log. Spread into the registry in web/src/routes.tsx.
import type { NavEntry, PageRoute } from '../../route-types.js';
import { ActivityPage } from './activity-page.js';
import { GroupDetailPage } from './group-detail-page.js';
import { GroupsPage } from './groups-page.js';
import { ImportPage } from './import-page.js';
import { TenantFrame } from './tenant-frame.js';
import { TenantScimPage } from './tenant-scim-page.js';
import { TenantsPage } from './tenants-page.js';
import { UserDetailPage } from './user-detail-page.js';
import { UsersPage } from './users-page.js';

/** The tenant pages. */
export const directoryPages: PageRoute[] = [
  { path: '/tenants', title: 'Tenants', render: () => <TenantsPage /> },
  { path: '/tenants/:tenant', title: 'Provisioning (SCIM)', render: (p) => <TenantFrame tenantId={p.tenant!}><TenantScimPage /></TenantFrame> },
  { path: '/tenants/:tenant/scim', title: 'Provisioning (SCIM)', render: (p) => <TenantFrame tenantId={p.tenant!}><TenantScimPage /></TenantFrame> },
  { path: '/tenants/:tenant/users', title: 'Users', render: (p, q) => <TenantFrame tenantId={p.tenant!}><UsersPage query={q} /></TenantFrame> },
  { path: '/tenants/:tenant/users/:user', title: 'User', render: (p, q) => <TenantFrame tenantId={p.tenant!}><UserDetailPage userId={p.user!} query={q} /></TenantFrame> },
  { path: '/tenants/:tenant/groups', title: 'Groups', render: (p, q) => <TenantFrame tenantId={p.tenant!}><GroupsPage query={q} /></TenantFrame> },
  { path: '/tenants/:tenant/groups/:group', title: 'Group', render: (p, q) => <TenantFrame tenantId={p.tenant!}><GroupDetailPage groupId={p.group!} query={q} /></TenantFrame> },
  { path: '/tenants/:tenant/import', title: 'Import users', render: (p) => <TenantFrame tenantId={p.tenant!}><ImportPage /></TenantFrame> },
  { path: '/tenants/:tenant/activity', title: 'Activity', render: (p) => <TenantFrame tenantId={p.tenant!}><ActivityPage /></TenantFrame> },
];

/** The tenant side's sidebar entries (order below 20). */
export const directoryNav: NavEntry[] = [{ label: 'Tenants', to: '/tenants', order: 10 }];
