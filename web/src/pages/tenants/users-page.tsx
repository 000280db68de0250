import { useEffect, useState, type FormEvent } from 'react';
import { api, seg } from '../../api/client.js';
import type { ListResponse } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate } from '../../router.js';
import { Button, DataTable, ErrorNotice, Modal, Pager, TextField } from '../../ui/index.js';
import { EMPTY_USER, displayNameOf, newUserDoc, primaryEmail, type ScimUser, type UserForm } from './scim-resources.js';
import { tenantPath, useTenant } from './tenant-frame.js';
import { UserFormFields } from './user-form-fields.js';

const PAGE = 25;

/** A list page's search and position, kept in the URL so Back and reload keep them. */
export function useListQuery(path: string, query: URLSearchParams) {
  const search = query.get('search') ?? '';
  const start = Math.max(1, Number(query.get('start') ?? '1') || 1);
  const go = (s: string, st: number) => {
    const q = new URLSearchParams();
    if (s) q.set('search', s);
    if (st > 1) q.set('start', String(st));
    const qs = q.toString();
    navigate(`${path}${qs ? `?${qs}` : ''}`);
  };
  return { search, start, go };
}

/** The search box of a list page: searches on submit. */
export function SearchBox({ label, value, onSearch }: { label: string; value: string; onSearch: (s: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <form
      className="toolbar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <TextField label={label} type="search" value={text} onChange={(e) => setText(e.target.value)} fieldClassName="grow" />
      <Button type="submit">Search</Button>
      {value && (
        <Button variant="ghost" onClick={() => onSearch('')}>
          Clear
        </Button>
      )}
    </form>
  );
}

/** A tenant's users: search, paging, create. */
export function UsersPage({ query }: { query: URLSearchParams }) {
  const tenant = useTenant();
  const path = tenantPath(tenant.id, 'users');
  const { search, start, go } = useListQuery(path, query);
  const list = useApi((signal) => api.get<ListResponse<ScimUser>>(`/tenants/${seg(tenant.id)}/users`, { search, startIndex: start, count: PAGE, sortBy: 'userName' }, signal), [tenant.id, search, start]);
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState<UserForm>(EMPTY_USER);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const u = await api.post<ScimUser>(`/tenants/${seg(tenant.id)}/users`, newUserDoc(form));
      setCreating(false);
      setForm(EMPTY_USER);
      navigate(`${path}/${seg(u.id)}?created=1`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-header-row section-head">
        <h2>Users</h2>
        <Button variant="primary" onClick={() => setCreating(true)}>
          New user
        </Button>
      </div>
      <SearchBox label="Search users (name, user name or e-mail)" value={search} onSearch={(s) => go(s, 1)} />
      <ErrorNotice error={list.error} title="The users could not be loaded" />
      <DataTable
        caption={`Users of ${tenant.name}`}
        busy={list.loading}
        rows={list.data?.Resources ?? []}
        rowKey={(u) => u.id}
        empty={list.loading ? 'Loading…' : search ? `No user matches “${search}”.` : 'No users yet: create one, import a CSV file, or let an identity provider provision them.'}
        columns={[
          { header: 'User name', cell: (u) => <Link to={`${path}/${seg(u.id)}`}>{u.userName}</Link> },
          { header: 'Display name', cell: (u) => displayNameOf(u) },
          { header: 'E-mail', cell: (u) => primaryEmail(u) },
          { header: 'Status', cell: (u) => (u.active === false ? <span className="badge badge-warning">Disabled</span> : <span className="badge badge-success">Active</span>) },
        ]}
      />
      {list.data && <Pager startIndex={list.data.startIndex} count={PAGE} total={list.data.totalResults} onPage={(s) => go(search, s)} />}
      <Modal open={creating} title="New user" onClose={() => setCreating(false)}>
        <form className="form" onSubmit={create}>
          <ErrorNotice error={error} title="The user was not created" />
          <UserFormFields value={form} onChange={setForm} />
          <div className="form-actions">
            <Button onClick={() => setCreating(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!form.userName.trim()}>
              Create user
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
