import { useState } from 'react';
import { useApi } from '../../api/use-api.js';
import { Button, DataTable, ErrorNotice, Notice, SelectField } from '../../ui/index.js';
import { appApi } from './app-client.js';
import { AppFrame } from './app-frame.js';
import type { App, Assignment } from './app-types.js';
import { PrincipalField } from './principal-field.js';

const DEFAULT_ACCESS = 'Default Access';

function Assignments({ app }: { app: App }) {
  const list = useApi(() => appApi.assignments(app.id), [app.id]);
  const roles = useApi(async () => (await appApi.templates()).find((t) => t.id === app.template)?.roles ?? ['User'], [app.template]);
  const [kind, setKind] = useState<'User' | 'Group'>('User');
  const [who, setWho] = useState('');
  const [role, setRole] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState<string>();
  const roleList = [...(roles.data ?? []), DEFAULT_ACCESS];
  const chosenRole = role || roleList[0]!;
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      await what();
      setNote(done);
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <section className="card" aria-labelledby="assign">
        <h2 id="assign">Add an assignment</h2>
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            const name = who.trim();
            void act(() => appApi.assign(app.id, kind === 'User' ? { user: name, role: chosenRole } : { group: name, role: chosenRole }), `${name} is assigned with the role ${chosenRole}.`).then(() => setWho(''));
          }}
        >
          <SelectField label="Type" value={kind} onChange={(e) => setKind(e.target.value as 'User' | 'Group')}>
            <option value="User">User</option>
            <option value="Group">Group</option>
          </SelectField>
          <PrincipalField tenant={app.tenantId} kind={kind} value={who} onChange={setWho} label={kind === 'User' ? 'User (userName)' : 'Group (name)'} />
          <SelectField label="Role" value={chosenRole} onChange={(e) => setRole(e.target.value)}>
            {roleList.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </SelectField>
          <Button variant="primary" type="submit" busy={busy} disabled={!who.trim()}>
            Assign
          </Button>
        </form>
        {chosenRole === DEFAULT_ACCESS ? <Notice tone="warning">Users holding only Default Access are not provisioned.</Notice> : null}
        {note ? <Notice tone="success">{note}</Notice> : null}
        <ErrorNotice error={error} />
      </section>
      <section className="card" aria-labelledby="assigned">
        <h2 id="assigned">Assigned users and groups</h2>
        <ErrorNotice error={list.error} />
        <DataTable<Assignment>
          caption="Assigned users and groups"
          busy={list.loading}
          rows={list.data ?? []}
          rowKey={(a) => a.principalId}
          empty={app.settings.scope === 'all' ? 'No assignment; the scope is "all users and groups", so everyone is provisioned.' : 'Nobody is assigned yet: nobody is provisioned.'}
          columns={[
            { header: 'Name', cell: (a) => a.name },
            { header: 'Type', cell: (a) => a.principalType },
            { header: 'Role', cell: (a) => a.role },
            {
              header: <span className="visually-hidden">Actions</span>,
              className: 'cell-actions',
              cell: (a) => (
                <Button variant="ghost" className="btn-small" onClick={() => act(() => appApi.unassign(app.id, a.principalId), `${a.name} is no longer assigned.`)} aria-label={`Remove ${a.name}`}>
                  Remove
                </Button>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}

/** Users and groups: who the app provisions, each with an app role. */
export function AssignmentsPage({ appId }: { appId: string }) {
  return (
    <AppFrame appId={appId} tab="users" description="Assigned users and groups are provisioned (members of assigned groups at any depth), unless their only role is Default Access.">
      {(app) => <Assignments app={app} />}
    </AppFrame>
  );
}
