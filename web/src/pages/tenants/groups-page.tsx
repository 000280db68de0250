import { useState } from 'react';
import { api, seg } from '../../api/client.js';
import type { ListResponse } from '../../api/types.js';
import { useAction } from '../../api/use-action.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate } from '../../router.js';
import { FormModal, TextField } from '../../ui/index.js';
import { PAGE, ResourceListPage, useListQuery } from './list-page.js';
import type { ScimGroup } from './scim-resources.js';
import { tenantPath, useTenant } from './tenant-frame.js';

/** A tenant's groups: search, paging, create. */
export function GroupsPage({ query }: { query: URLSearchParams }) {
  const tenant = useTenant();
  const path = tenantPath(tenant.id, 'groups');
  const listQuery = useListQuery(path, query);
  const { search, start } = listQuery;
  const list = useApi((signal) => api.get<ListResponse<ScimGroup>>(`/tenants/${seg(tenant.id)}/groups`, { search, startIndex: start, count: PAGE, sortBy: 'displayName' }, signal), [tenant.id, search, start]);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const create = useAction(async () => {
    const g = await api.post<ScimGroup>(`/tenants/${seg(tenant.id)}/groups`, { displayName: name.trim() });
    navigate(`${path}/${seg(g.id)}?created=1`);
  });

  return (
    <ResourceListPage
      title="Groups"
      noun="group"
      searchLabel="Search groups by name"
      caption={`Groups of ${tenant.name}`}
      emptyText="No groups yet."
      query={listQuery}
      list={list}
      onNew={() => setCreating(true)}
      columns={[
        { header: 'Name', cell: (g) => <Link to={`${path}/${seg(g.id)}`}>{g.displayName}</Link> },
        { header: 'Members', cell: (g) => String(g.members?.length ?? 0) },
        { header: 'External id', cell: (g) => (g.externalId ? <code>{g.externalId}</code> : '—') },
      ]}
    >
      <FormModal open={creating} title="New group" onClose={() => setCreating(false)} onSubmit={() => void create.run()} error={create.error} errorTitle="The group was not created" busy={create.busy} canSubmit={!!name.trim()} submitLabel="Create group">
        <TextField label="Group name" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </FormModal>
    </ResourceListPage>
  );
}
