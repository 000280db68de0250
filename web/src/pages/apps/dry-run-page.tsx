import { useState } from 'react';
import { Button, DataTable, ErrorNotice, Notice } from '../../ui/index.js';
import { appApi } from './app-client.js';
import { AppFrame } from './app-frame.js';
import type { App, PlannedAction } from './app-types.js';
import { ModifiedTable, StatusTag } from './record-view.js';

const ORDER = ['create', 'update', 'disable', 'delete', 'members', 'skip'];

function DryRun({ app }: { app: App }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [plan, setPlan] = useState<{ actions: PlannedAction[]; heldByGuard: boolean }>();
  const actions = plan?.actions.filter((a) => a.status !== 'skipped') ?? [];
  const count = (action: string) => actions.filter((a) => a.action === action).length;
  return (
    <>
      <section className="card" aria-labelledby="run">
        <h2 id="run">Plan a full cycle</h2>
        <p className="muted">Compares every object in scope with the app and lists what a cycle would send now. Nothing is sent and nothing is recorded.</p>
        <Button
          variant="primary"
          busy={busy}
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            try {
              setPlan(await appApi.dryRun(app.id));
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          {plan ? 'Run the dry run again' : 'Run a dry run'}
        </Button>
        <ErrorNotice error={error} title="The dry run could not run" />
      </section>
      {plan ? (
        <section className="card" aria-labelledby="plan" aria-live="polite">
          <h2 id="plan">The plan</h2>
          <ul className="stat-row">
            {ORDER.filter((a) => a !== 'skip').map((a) => (
              <li key={a} className="stat">
                <span className="stat-value">{count(a)}</span>
                <span className="stat-label">{a === 'members' ? 'membership changes' : `${a}s`}</span>
              </li>
            ))}
          </ul>
          {plan.heldByGuard ? <Notice tone="warning" title="The deletion guard would hold the disables and deletes">They exceed the threshold of {app.settings.deletionThreshold}; a cycle would wait for your approval.</Notice> : null}
          <DataTable<PlannedAction>
            caption="Planned actions"
            rows={[...actions].sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action))}
            rowKey={(a) => `${a.kind}-${a.sourceId}-${a.action}`}
            empty="Nothing to do: the app is in step with the directory."
            columns={[
              { header: 'Action', cell: (a) => <strong>{a.action}</strong> },
              { header: 'Object', cell: (a) => `${a.kind} ${a.display}` },
              { header: 'Status', cell: (a) => <StatusTag status={a.status} /> },
              { header: 'Why', cell: (a) => a.reason },
              { header: 'Changes (old → new)', cell: (a) => (a.modified.length ? <ModifiedTable modified={a.modified} caption={`Changes of ${a.display}`} /> : '') },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}

/** Dry run: the plan of a full cycle (creates, updates old → new, disables, deletes), nothing sent. */
export function DryRunPage({ appId }: { appId: string }) {
  return <AppFrame appId={appId} tab="dry-run">{(app) => <DryRun app={app} />}</AppFrame>;
}
