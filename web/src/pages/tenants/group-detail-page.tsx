import { useState, type FormEvent } from 'react';
import { api, seg } from '../../api/client.js';
import type { ListResponse } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate } from '../../router.js';
import { Button, ConfirmDialog, DataTable, ErrorNotice, Modal, Notice, TextField, formatTime } from '../../ui/index.js';
import { displayNameOf, primaryEmail, type ScimGroup, type ScimUser } from './scim-resources.js';
import { tenantPath, useTenant } from './tenant-frame.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** One group: its members (add by searching users, remove), rename, delete. */
export function GroupDetailPage({ groupId, query }: { groupId: string; query: URLSearchParams }) {
  const tenant = useTenant();
  const url = `/tenants/${seg(tenant.id)}/groups/${seg(groupId)}`;
  const groups = tenantPath(tenant.id, 'groups');
  const users = tenantPath(tenant.id, 'users');
  const group = useApi((signal) => api.get<ScimGroup>(url, undefined, signal), [url]);
  const [renaming, setRenaming] = useState<string>();
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>(query.get('created') ? 'Group created: add its members below.' : undefined);
  const [find, setFind] = useState('');
  const [found, setFound] = useState<ScimUser[]>();
  const [finding, setFinding] = useState(false);

  const patch = async (ops: unknown[], message: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.patch(url, { schemas: [PATCH_OP], Operations: ops });
      setDone(message);
      setRenaming(undefined);
      group.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setFinding(true);
    setError(undefined);
    try {
      setFound((await api.get<ListResponse<ScimUser>>(`/tenants/${seg(tenant.id)}/users`, { search: find.trim(), count: 10, sortBy: 'userName' })).Resources);
    } catch (err) {
      setError(err);
    } finally {
      setFinding(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(url);
      navigate(groups);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const g = group.data;
  if (group.error && !g) return <ErrorNotice error={group.error} title="This group could not be loaded" />;
  if (!g) return <p className="muted">Loading the group…</p>;
  const members = g.members ?? [];
  const isMember = new Set(members.map((m) => m.value));
  return (
    <>
      <p className="back-link">
        <Link to={groups}>← All groups</Link>
      </p>
      <div className="page-header-row section-head">
        <h2>{g.displayName}</h2>
        <div className="page-actions">
          <Button onClick={() => setRenaming(g.displayName)}>Rename</Button>
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        </div>
      </div>
      {done && (
        <Notice tone="success" onDismiss={() => setDone(undefined)}>
          {done}
        </Notice>
      )}
      {!renaming && !deleting && <ErrorNotice error={error} onDismiss={() => setError(undefined)} />}
      <p className="muted small">
        Id <code>{g.id}</code> · created {formatTime(g.meta?.created)} · last modified {formatTime(g.meta?.lastModified)}
      </p>
      <section aria-labelledby="members-heading">
        <h3 id="members-heading">Members ({members.length})</h3>
        <DataTable
          caption={`Members of ${g.displayName}`}
          rows={members}
          rowKey={(m) => m.value}
          empty="No members yet: find users below and add them."
          columns={[
            { header: 'Member', cell: (m) => (m.type === 'Group' ? <Link to={`${groups}/${seg(m.value)}`}>{m.display ?? m.value}</Link> : <Link to={`${users}/${seg(m.value)}`}>{m.display ?? m.value}</Link>) },
            { header: 'Type', cell: (m) => m.type ?? 'User' },
            {
              header: <span className="visually-hidden">Actions</span>,
              className: 'cell-actions',
              cell: (m) => (
                <Button variant="ghost" className="btn-small" busy={busy} aria-label={`Remove ${m.display ?? m.value} from the group`} onClick={() => void patch([{ op: 'remove', path: `members[value eq ${JSON.stringify(m.value)}]` }], `${m.display ?? 'Member'} removed.`)}>
                  Remove
                </Button>
              ),
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="add-heading">
        <h3 id="add-heading">Add members</h3>
        <form className="toolbar" role="search" onSubmit={search}>
          <TextField label="Find users (name, user name or e-mail)" type="search" value={find} onChange={(e) => setFind(e.target.value)} fieldClassName="grow" />
          <Button type="submit" busy={finding}>
            Find
          </Button>
        </form>
        {found && (
          <DataTable
            caption="Users found"
            rows={found}
            rowKey={(u) => u.id}
            empty={`No user matches “${find}”.`}
            columns={[
              { header: 'User name', cell: (u) => u.userName },
              { header: 'Display name', cell: (u) => displayNameOf(u) },
              { header: 'E-mail', cell: (u) => primaryEmail(u) },
              {
                header: <span className="visually-hidden">Actions</span>,
                className: 'cell-actions',
                cell: (u) =>
                  isMember.has(u.id) ? (
                    <span className="muted small">Member</span>
                  ) : (
                    <Button className="btn-small" busy={busy} aria-label={`Add ${u.userName} to the group`} onClick={() => void patch([{ op: 'add', path: 'members', value: [{ value: u.id }] }], `${u.userName} added.`)}>
                      Add
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </section>
      <Modal open={renaming !== undefined} title="Rename group" onClose={() => setRenaming(undefined)}>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void patch([{ op: 'replace', path: 'displayName', value: renaming?.trim() }], 'Group renamed.');
          }}
        >
          <ErrorNotice error={error} title="The group was not renamed" />
          <TextField label="Group name" required value={renaming ?? ''} onChange={(e) => setRenaming(e.target.value)} autoFocus />
          <div className="form-actions">
            <Button onClick={() => setRenaming(undefined)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!renaming?.trim()}>
              Rename
            </Button>
          </div>
        </form>
      </Modal>
      <ConfirmDialog open={deleting} title={`Delete ${g.displayName}?`} confirmLabel="Delete group" busy={busy} onConfirm={remove} onCancel={() => setDeleting(false)}>
        <ErrorNotice error={error} title="The group was not deleted" />
        <p>Its members stay in the tenant; apps provisioned from this tenant remove the group at their next cycle. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
