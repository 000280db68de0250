import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Tenant } from '../../api/types.js';
import { useAction } from '../../api/use-action.js';
import { useApi } from '../../api/use-api.js';
import { Link } from '../../router.js';
import { Button, CopyButton, DataTable, ErrorNotice, FormModal, Notice, PageHeader, TextField, formatTime } from '../../ui/index.js';

/** Every tenant, with a way to create one. */
export function TenantsPage() {
  const tenants = useApi((signal) => api.get<{ tenants: Tenant[] }>('/tenants', undefined, signal), []);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<Tenant>();
  const create = useAction(async () => {
    const r = await api.post<{ tenant: Tenant }>('/tenants', { name: name.trim() });
    setCreated(r.tenant);
    setCreating(false);
    setName('');
    tenants.reload();
  });

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Each tenant is an isolated SCIM directory: an app that receives users (like SpaceIQ), or a source directory whose users scimkit provisions to apps."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            New tenant
          </Button>
        }
      />
      {created && (
        <Notice tone="success" title={`Tenant ${created.name} created`} onDismiss={() => setCreated(undefined)}>
          <p>
            Next: <Link to={`/tenants/${encodeURIComponent(created.id)}/scim`}>turn on SCIM provisioning</Link> to give an identity provider its Tenant URL and Secret Token.
          </p>
        </Notice>
      )}
      <ErrorNotice error={tenants.error} title="The tenants could not be loaded" />
      <DataTable
        caption="Tenants"
        busy={tenants.loading}
        rows={tenants.data?.tenants ?? []}
        rowKey={(t) => t.id}
        empty={tenants.loading ? 'Loading…' : 'No tenants yet: create one with “New tenant”.'}
        columns={[
          { header: 'Name', cell: (t) => <Link to={`/tenants/${encodeURIComponent(t.id)}/scim`}>{t.name}</Link> },
          {
            header: 'Tenant URL (SCIM)',
            className: 'cell-url',
            cell: (t) => (
              <span className="url-cell">
                <code>{t.scimUrl}</code>
                <CopyButton text={t.scimUrl} what={`${t.name} Tenant URL`} />
              </span>
            ),
          },
          { header: 'Created', cell: (t) => formatTime(t.createdAt) },
        ]}
      />
      <FormModal open={creating} title="New tenant" onClose={() => setCreating(false)} onSubmit={() => void create.run()} error={create.error} errorTitle="The tenant was not created" busy={create.busy} canSubmit={!!name.trim()} submitLabel="Create tenant">
        <TextField label="Name" hint="Unique, whatever the case: e.g. the app or company it stands for." required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </FormModal>
    </>
  );
}
