import { createContext, useContext, type ReactNode } from 'react';
import { api, seg } from '../../api/client.js';
import type { Tenant } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { Link, usePath } from '../../router.js';
import { ErrorNotice, PageHeader } from '../../ui/index.js';

const TenantContext = createContext<Tenant | undefined>(undefined);

/** The tenant the page is about, inside a TenantFrame. */
export function useTenant(): Tenant {
  const t = useContext(TenantContext);
  if (!t) throw new Error('useTenant outside TenantFrame');
  return t;
}

/** The console path of a tenant's sub-page. */
export const tenantPath = (tenantId: string, sub = 'scim') => `/tenants/${seg(tenantId)}/${sub}`;

const TABS = [
  { sub: 'scim', label: 'Provisioning (SCIM)' },
  { sub: 'users', label: 'Users' },
  { sub: 'groups', label: 'Groups' },
  { sub: 'import', label: 'Import users' },
  { sub: 'activity', label: 'Activity' },
];

/** A tenant's pages: loads the tenant, shows its name, where it sits and the tabs, then the page. */
export function TenantFrame({ tenantId, title, description, actions, children }: { tenantId: string; title?: string; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const tenant = useApi((signal) => api.get<{ tenant: Tenant }>(`/tenants/${seg(tenantId)}`, undefined, signal), [tenantId]);
  const path = usePath();
  if (tenant.error) {
    return (
      <>
        <PageHeader title="Tenant" crumbs={[{ label: 'Tenants', to: '/tenants' }]} />
        <ErrorNotice error={tenant.error} title="This tenant could not be loaded" />
        <p>
          Back to <Link to="/tenants">the tenants</Link>.
        </p>
      </>
    );
  }
  const t = tenant.data?.tenant;
  if (!t) return <p className="muted" aria-busy="true">Loading the tenant…</p>;
  return (
    <TenantContext.Provider value={t}>
      <PageHeader title={title ? `${title}` : t.name} crumbs={[{ label: 'Tenants', to: '/tenants' }, { label: t.name, to: tenantPath(t.id) }]} description={description} actions={actions} />
      <nav aria-label={`Tenant ${t.name}`}>
        <ul className="tabs">
          {TABS.map((tab) => {
            const to = tenantPath(t.id, tab.sub);
            const current = path === to || path.startsWith(`${to}/`) || path.startsWith(`${to}?`);
            return (
              <li key={tab.sub}>
                <Link to={to} aria-current={current ? 'page' : undefined}>
                  {tab.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {children}
    </TenantContext.Provider>
  );
}
