import { useState } from 'react';
import { api, seg } from '../../api/client.js';
import type { ListResponse } from '../../api/types.js';
import { useAction } from '../../api/use-action.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate } from '../../router.js';
import { FormModal } from '../../ui/index.js';
import { PAGE, ResourceListPage, useListQuery } from './list-page.js';
import { EMPTY_USER, displayNameOf, newUserDoc, primaryEmail, type ScimUser, type UserForm } from './scim-resources.js';
import { tenantPath, useTenant } from './tenant-frame.js';
import { UserFormFields } from './user-form-fields.js';

/** A tenant's users: search, paging, create. */
export function UsersPage({ query }: { query: URLSearchParams }) {
  const tenant = useTenant();
  const path = tenantPath(tenant.id, 'users');
  const listQuery = useListQuery(path, query);
  const { search, start } = listQuery;
  const list = useApi((signal) => api.get<ListResponse<ScimUser>>(`/tenants/${seg(tenant.id)}/users`, { search, startIndex: start, count: PAGE, sortBy: 'userName' }, signal), [tenant.id, search, start]);
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState<UserForm>(EMPTY_USER);
  const create = useAction(async () => {
    const u = await api.post<ScimUser>(`/tenants/${seg(tenant.id)}/users`, newUserDoc(form));
    setCreating(false);
    setForm(EMPTY_USER);
    navigate(`${path}/${seg(u.id)}?created=1`);
  });

  return (
    <ResourceListPage
      title="Users"
      noun="user"
      searchLabel="Search users (name, user name or e-mail)"
      caption={`Users of ${tenant.name}`}
      emptyText="No users yet: create one, import a CSV file, or let an identity provider provision them."
      query={listQuery}
      list={list}
      onNew={() => setCreating(true)}
      columns={[
        { header: 'User name', cell: (u) => <Link to={`${path}/${seg(u.id)}`}>{u.userName}</Link> },
        { header: 'Display name', cell: (u) => displayNameOf(u) },
        { header: 'E-mail', cell: (u) => primaryEmail(u) },
        { header: 'Status', cell: (u) => (u.active === false ? <span className="badge badge-warning">Disabled</span> : <span className="badge badge-success">Active</span>) },
      ]}
    >
      <FormModal open={creating} title="New user" onClose={() => setCreating(false)} onSubmit={() => void create.run()} error={create.error} errorTitle="The user was not created" busy={create.busy} canSubmit={!!form.userName.trim()} submitLabel="Create user">
        <UserFormFields value={form} onChange={setForm} />
      </FormModal>
    </ResourceListPage>
  );
}
