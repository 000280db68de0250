import type { ReactNode } from 'react';
import { useApi } from '../../api/use-api.js';
import { Link } from '../../router.js';
import { ErrorNotice, PageHeader } from '../../ui/index.js';
import { appApi } from './app-client.js';
import type { App } from './app-types.js';

/** The pages of one app, in the order the seeds walk them. */
export const APP_TABS = [
  { slug: 'provisioning', label: 'Provisioning' },
  { slug: 'users', label: 'Users and groups' },
  { slug: 'on-demand', label: 'Provision on demand' },
  { slug: 'dry-run', label: 'Dry run' },
  { slug: 'sync', label: 'Synchronization details' },
  { slug: 'logs', label: 'Provisioning logs' },
] as const;

/** A badge saying whether provisioning is On, Off or in quarantine. */
export function StatusBadge({ app }: { app: App }) {
  if (app.quarantine) return <span className="badge badge-warning">In quarantine</span>;
  return app.status === 'on' ? <span className="badge badge-success">On</span> : <span className="badge">Off</span>;
}

/** One app's page: loads the app, shows its heading, status and tabs, then the tab's content. */
export function AppFrame({ appId, tab, description, children }: { appId: string; tab: (typeof APP_TABS)[number]['slug']; description?: ReactNode; children: (app: App, reload: () => void) => ReactNode }) {
  const loaded = useApi(() => appApi.get(appId), [appId]);
  const app = loaded.data;
  const label = APP_TABS.find((t) => t.slug === tab)!.label;
  return (
    <>
      <PageHeader
        title={app ? `${app.name}: ${label}` : label}
        crumbs={[{ label: 'Apps', to: '/apps' }, ...(app ? [{ label: app.name, to: `/apps/${app.id}/provisioning` }] : [])]}
        description={description}
        actions={app ? <StatusBadge app={app} /> : undefined}
      />
      <nav aria-label="App pages">
        <ul className="tabs">
          {APP_TABS.map((t) => (
            <li key={t.slug}>
              <Link to={`/apps/${appId}/${t.slug}`} aria-current={t.slug === tab ? 'page' : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorNotice error={loaded.error} title="The app could not be loaded" />
      {app ? children(app, loaded.reload) : loaded.loading ? <p className="muted">Loading…</p> : null}
    </>
  );
}
