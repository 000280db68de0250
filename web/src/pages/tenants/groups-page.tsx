import { useState, type FormEvent } from 'react';
import { api, seg } from '../../api/client.js';
import type { ListResponse } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate } from '../../router.js';
import { Button, DataTable, ErrorNotice, Modal, Pager, TextField } from '../../ui/index.js';
import type { ScimGroup } from './scim-resources.js';
import { tenantPath, useTenant } from './tenant-frame.js';
import { SearchBox, useListQuery } from './users-page.js';

const PAGE = 25;

/** A tenant's groups: search, paging, create. */
export function GroupsPage({ query }: { query: URLSearchParams }) {
  const tenant = useTenant();
  const path = tenantPath(tenant.id, 'groups');
  const { search, start, go } = useListQuery(path, query);
  const list = useApi((signal) => api.get<ListResponse<ScimGroup>>(`/tenants/${seg(tenant.id)}/groups`, { search, startIndex: start, count: PAGE, sortBy: 'displayName' }, signal), [tenant.id, search, start]);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const g = await api.post<ScimGroup>(`/tenants/${seg(tenant.id)}/groups`, { displayName: name.trim() });
      navigate(`${path}/${seg(g.id)}?created=1`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-header-row section-head">
        <h2>Groups</h2>
        <Button variant="primary" onClick={() => setCreating(true)}>
          New group
        </Button>
      </div>
      <SearchBox label="Search groups by name" value={search} onSearch={(s) => go(s, 1)} />
      <ErrorNotice error={list.error} title="The groups could not be loaded" />
      <DataTable
        caption={`Groups of ${tenant.name}`}
        busy={list.loading}
        rows={list.data?.Resources ?? []}
        rowKey={(g) => g.id}
        empty={list.loading ? 'Loading…' : search ? `No group matches “${search}”.` : 'No groups yet.'}
        columns={[
          { header: 'Name', cell: (g) => <Link to={`${path}/${seg(g.id)}`}>{g.displayName}</Link> },
          { header: 'Members', cell: (g) => String(g.members?.length ?? 0) },
          { header: 'External id', cell: (g) => (g.externalId ? <code>{g.externalId}</code> : '—') },
        ]}
      />
      {list.data && <Pager startIndex={list.data.startIndex} count={PAGE} total={list.data.totalResults} onPage={(s) => go(search, s)} />}
      <Modal open={creating} title="New group" onClose={() => setCreating(false)}>
        <form className="form" onSubmit={create}>
          <ErrorNotice error={error} title="The group was not created" />
          <TextField label="Group name" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <div className="form-actions">
            <Button onClick={() => setCreating(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!name.trim()}>
              Create group
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
