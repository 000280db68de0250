// The directory side's apps (gallery, Provisioning, mappings, assignments, on demand, dry run, sync details,
// logs): their pages and sidebar entries, spread into the registry in web/src/routes.tsx.
import type { NavEntry, PageRoute } from '../../route-types.js';
import { AppsPage } from './apps-page.js';
import { AssignmentsPage } from './assignments-page.js';
import { DryRunPage } from './dry-run-page.js';
import { LogsPage } from './logs-page.js';
import { OnDemandPage } from './on-demand-page.js';
import { NewAppPage, ProvisioningPage } from './provisioning-page.js';
import { SyncPage } from './sync-page.js';
import './apps.css';

/** The app pages. */
export const appPages: PageRoute[] = [
  { path: '/apps', title: 'Apps', render: () => <AppsPage /> },
  { path: '/apps/new/:template', title: 'New app', render: (p, q) => <NewAppPage template={p.template!} query={q} /> },
  { path: '/apps/:app', title: 'Provisioning', render: (p) => <ProvisioningPage appId={p.app!} /> },
  { path: '/apps/:app/provisioning', title: 'Provisioning', render: (p) => <ProvisioningPage appId={p.app!} /> },
  { path: '/apps/:app/users', title: 'Users and groups', render: (p) => <AssignmentsPage appId={p.app!} /> },
  { path: '/apps/:app/on-demand', title: 'Provision on demand', render: (p) => <OnDemandPage appId={p.app!} /> },
  { path: '/apps/:app/dry-run', title: 'Dry run', render: (p) => <DryRunPage appId={p.app!} /> },
  { path: '/apps/:app/sync', title: 'Synchronization details', render: (p) => <SyncPage appId={p.app!} /> },
  { path: '/apps/:app/logs', title: 'Provisioning logs', render: (p) => <LogsPage appId={p.app!} /> },
];

/** The app side's sidebar entries (order 20 and up). */
export const appNav: NavEntry[] = [{ label: 'Apps', to: '/apps', order: 20 }];
