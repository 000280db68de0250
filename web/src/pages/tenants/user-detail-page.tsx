import { useState, type FormEvent } from 'react';
import { api, seg } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate } from '../../router.js';
import { Button, ConfirmDialog, ErrorNotice, Modal, Notice, formatTime } from '../../ui/index.js';
import { ENTERPRISE, activePatch, displayNameOf, formOf, primaryEmail, userPatch, type ScimUser, type UserForm } from './scim-resources.js';
import { tenantPath, useTenant } from './tenant-frame.js';
import { UserFormFields } from './user-form-fields.js';

/** One user: every attribute shown, edit, disable or enable, delete, and the groups it is in. */
export function UserDetailPage({ userId, query }: { userId: string; query: URLSearchParams }) {
  const tenant = useTenant();
  const url = `/tenants/${seg(tenant.id)}/users/${seg(userId)}`;
  const users = tenantPath(tenant.id, 'users');
  const user = useApi((signal) => api.get<ScimUser>(url, undefined, signal), [url]);
  const [editing, setEditing] = useState<UserForm>();
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>(query.get('created') ? 'User created.' : undefined);

  const run = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      setDone(message);
      setEditing(undefined);
      user.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const u = user.data;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!u || !editing) return;
    const patch = userPatch(formOf(u), editing);
    if (patch.Operations.length === 0) return setEditing(undefined);
    await run(() => api.patch(url, patch), 'Changes saved.');
  };
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.delete(url);
      navigate(users);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  if (user.error && !u) return <ErrorNotice error={user.error} title="This user could not be loaded" />;
  if (!u) return <p className="muted">Loading the user…</p>;
  const ent = u[ENTERPRISE];
  return (
    <>
      <p className="back-link">
        <Link to={users}>← All users</Link>
      </p>
      <div className="page-header-row section-head">
        <h2>
          {displayNameOf(u) || u.userName} {u.active === false ? <span className="badge badge-warning">Disabled</span> : <span className="badge badge-success">Active</span>}
        </h2>
        <div className="page-actions">
          <Button onClick={() => setEditing(formOf(u))}>Edit</Button>
          <Button busy={busy && !editing && !deleting} onClick={() => void run(() => api.patch(url, activePatch(u.active === false)), u.active === false ? 'User enabled.' : 'User disabled.')}>
            {u.active === false ? 'Enable' : 'Disable'}
          </Button>
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
      {!editing && !deleting && <ErrorNotice error={error} onDismiss={() => setError(undefined)} />}
      <div className="grid-2">
        <section className="card" aria-labelledby="user-attributes">
          <h3 id="user-attributes">Attributes</h3>
          <dl className="kv">
            <dt>User name</dt>
            <dd>{u.userName}</dd>
            <dt>Given name</dt>
            <dd>{u.name?.givenName ?? '—'}</dd>
            <dt>Family name</dt>
            <dd>{u.name?.familyName ?? '—'}</dd>
            <dt>Display name</dt>
            <dd>{u.displayName ?? '—'}</dd>
            <dt>E-mail</dt>
            <dd>{primaryEmail(u) || '—'}</dd>
            <dt>Job title</dt>
            <dd>{u.title ?? '—'}</dd>
            <dt>Department</dt>
            <dd>{ent?.department ?? '—'}</dd>
            {ent?.manager?.value && (
              <>
                <dt>Manager</dt>
                <dd>
                  <Link to={`${users}/${seg(ent.manager.value)}`}>{ent.manager.displayName ?? ent.manager.value}</Link>
                </dd>
              </>
            )}
            {u.externalId && (
              <>
                <dt>External id</dt>
                <dd>
                  <code>{u.externalId}</code>
                </dd>
              </>
            )}
            <dt>Id</dt>
            <dd>
              <code>{u.id}</code>
            </dd>
            <dt>Created</dt>
            <dd>{formatTime(u.meta?.created)}</dd>
            <dt>Last modified</dt>
            <dd>{formatTime(u.meta?.lastModified)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="user-groups">
          <h3 id="user-groups">Groups</h3>
          {u.groups?.length ? (
            <ul className="plain-list">
              {u.groups.map((g) => (
                <li key={g.value}>
                  <Link to={`${tenantPath(tenant.id, 'groups')}/${seg(g.value)}`}>{g.display ?? g.value}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Not in any group. Add the user from a group’s page.</p>
          )}
        </section>
      </div>
      <Modal open={!!editing} title={`Edit ${u.userName}`} onClose={() => setEditing(undefined)}>
        {editing && (
          <form className="form" onSubmit={save}>
            <ErrorNotice error={error} title="The changes were not saved" />
            <UserFormFields value={editing} onChange={setEditing} />
            <div className="form-actions">
              <Button onClick={() => setEditing(undefined)}>Cancel</Button>
              <Button type="submit" variant="primary" busy={busy} disabled={!editing.userName.trim()}>
                Save changes
              </Button>
            </div>
          </form>
        )}
      </Modal>
      <ConfirmDialog open={deleting} title={`Delete ${u.userName}?`} confirmLabel="Delete user" busy={busy} onConfirm={remove} onCancel={() => setDeleting(false)}>
        <ErrorNotice error={error} title="The user was not deleted" />
        <p>The user leaves every group, and apps provisioned from this tenant remove or disable it at their next cycle. This cannot be undone; to keep the account, disable it instead.</p>
      </ConfirmDialog>
    </>
  );
}
