import { useState } from 'react';
import { useApi } from '../../api/use-api.js';
import { Link, navigate } from '../../router.js';
import { Button, DataTable, ErrorNotice, formatAgo, Modal, PageHeader, SelectField, TextField } from '../../ui/index.js';
import { appApi } from './app-client.js';
import { StatusBadge } from './app-frame.js';
import type { App, Template, Tenant } from './app-types.js';

/** Adding an app from the gallery: its name and the directory it provisions from; the credentials come next, on its Provisioning page. */
function AddDialog({ template, tenants, onClose }: { template: Template; tenants: Tenant[]; onClose: () => void }) {
  const [name, setName] = useState(template.name);
  const [tenant, setTenant] = useState(tenants[0]?.id ?? '');
  return (
    <Modal
      open
      title={`Add ${template.name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="add-app-form" disabled={!name.trim() || !tenant}>
            Add
          </Button>
        </>
      }
    >
      <form
        id="add-app-form"
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/apps/new/${template.id}?${new URLSearchParams({ name: name.trim(), tenant })}`);
        }}
      >
        <p className="muted">{template.description}</p>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
        {tenants.length ? (
          <SelectField label="Directory" hint="The tenant whose users and groups are provisioned into the app." value={tenant} onChange={(e) => setTenant(e.target.value)}>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
        ) : (
          <p className="field-error">There is no tenant to provision from yet: create the directory tenant first.</p>
        )}
      </form>
    </Modal>
  );
}

/** The apps of every directory, and the gallery to add one from (SpaceIQ, OfficeSpace Software, Howspace, any SCIM app). */
export function AppsPage() {
  const apps = useApi(() => appApi.list(), []);
  const gallery = useApi(async () => ({ templates: await appApi.templates(), tenants: await appApi.tenants() }), []);
  const [adding, setAdding] = useState<Template>();
  const tenantName = (id: string) => gallery.data?.tenants.find((t) => t.id === id)?.name ?? id;
  return (
    <>
      <PageHeader title="Apps" description="SaaS apps this scimkit provisions users and groups into, from a directory tenant." />
      <ErrorNotice error={apps.error ?? gallery.error} title="The apps could not be loaded" />
      <section className="card" aria-labelledby="your-apps">
        <h2 id="your-apps">Your apps</h2>
        <DataTable<App>
          caption="Your apps"
          busy={apps.loading}
          rows={apps.data ?? []}
          rowKey={(a) => a.id}
          empty="No app yet: add one from the gallery below."
          columns={[
            { header: 'Name', cell: (a) => <Link to={`/apps/${a.id}/provisioning`}>{a.name}</Link> },
            { header: 'Template', cell: (a) => a.template },
            { header: 'Directory', cell: (a) => tenantName(a.tenantId) },
            { header: 'Status', cell: (a) => <StatusBadge app={a} /> },
            { header: 'Changed', cell: (a) => formatAgo(a.updatedAt) },
          ]}
        />
      </section>
      <section aria-labelledby="gallery">
        <h2 id="gallery">Add from the gallery</h2>
        <ul className="gallery">
          {(gallery.data?.templates ?? []).map((t) => (
            <li key={t.id} className="card gallery-tile">
              <h3>{t.name}</h3>
              <p className="muted small">{t.description}</p>
              <p className="small">
                Users{t.mappings.groups.enabled ? ' and groups' : ''} · roles: {t.roles.join(', ')}
              </p>
              <Button variant="primary" onClick={() => setAdding(t)} aria-label={`Add ${t.name}`}>
                Add
              </Button>
            </li>
          ))}
        </ul>
      </section>
      {adding && gallery.data && <AddDialog template={adding} tenants={gallery.data.tenants} onClose={() => setAdding(undefined)} />}
    </>
  );
}
