import { useState } from 'react';
import { Button, ErrorNotice, Notice, SelectField } from '../../ui/index.js';
import { appApi } from './app-client.js';
import { AppFrame } from './app-frame.js';
import type { App, LogRecord } from './app-types.js';
import { PrincipalField } from './principal-field.js';
import { RecordView } from './record-view.js';

function OnDemand({ app }: { app: App }) {
  const [kind, setKind] = useState<'User' | 'Group'>('User');
  const [who, setWho] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<{ records: LogRecord[]; error: string | null }>();
  return (
    <>
      <section className="card" aria-labelledby="pick">
        <h2 id="pick">Provision one user or group now</h2>
        <form
          className="toolbar"
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(undefined);
            setResult(undefined);
            try {
              setResult(await appApi.provision(app.id, kind === 'User' ? { user: who.trim() } : { group: who.trim() }));
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          <SelectField label="Type" value={kind} onChange={(e) => setKind(e.target.value as 'User' | 'Group')}>
            <option value="User">User</option>
            <option value="Group">Group</option>
          </SelectField>
          <PrincipalField tenant={app.tenantId} kind={kind} value={who} onChange={setWho} label={kind === 'User' ? 'User (userName)' : 'Group (name)'} />
          <Button variant="primary" type="submit" busy={busy} disabled={!who.trim()}>
            Provision
          </Button>
        </form>
        <p className="muted small">Runs whatever the app&apos;s status and schedule; a group brings its members along.</p>
        <ErrorNotice error={error} />
      </section>
      {result ? (
        <section className="card" aria-labelledby="steps" aria-live="polite">
          <h2 id="steps">What happened</h2>
          {result.error ? <Notice tone="error" title="The app could not be reached">{result.error}</Notice> : null}
          {result.records.length === 0 ? <p className="muted">Nothing to do.</p> : result.records.map((r, i) => <RecordView key={i} record={r} />)}
        </section>
      ) : null}
    </>
  );
}

/** Provision on demand: one user or group now, each step shown (import, scope, match, action). */
export function OnDemandPage({ appId }: { appId: string }) {
  return <AppFrame appId={appId} tab="on-demand">{(app) => <OnDemand app={app} />}</AppFrame>;
}
