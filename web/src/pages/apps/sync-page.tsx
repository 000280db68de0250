import { useEffect, useState } from 'react';
import { Button, DataTable, ErrorNotice, formatAgo, formatTime, Notice, ProgressBar } from '../../ui/index.js';
import { appApi } from './app-client.js';
import { ActionsChart, cycleCount } from './actions-chart.js';
import { AppFrame } from './app-frame.js';
import type { App, AppStatusReport, CycleInfo, HeldDelete } from './app-types.js';

/** How often the page asks for news: every second while a cycle runs, every five seconds otherwise. */
const POLL_RUNNING_MS = 1000;
const POLL_IDLE_MS = 5000;

const STATE_TEXT: Record<AppStatusReport['state'], string> = { on: 'On: waiting for the next cycle', off: 'Off', quarantine: 'In quarantine', running: 'A cycle is running' };

/** The status report, read again and again (faster while a cycle runs); `refresh` reads it at once. */
function useStatus(appId: string) {
  const [report, setReport] = useState<AppStatusReport>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let running = false;
      try {
        const r = await appApi.status(appId, ctrl.signal);
        setReport(r);
        setError(undefined);
        running = r.state === 'running';
      } catch (err) {
        if (ctrl.signal.aborted) return;
        setError(err);
      }
      if (!ctrl.signal.aborted) timer = setTimeout(poll, running ? POLL_RUNNING_MS : POLL_IDLE_MS);
    };
    void poll();
    return () => {
      ctrl.abort();
      clearTimeout(timer);
    };
  }, [appId, tick]);
  return { report, error, refresh: () => setTick((t) => t + 1) };
}

function CycleCounts({ cycle }: { cycle: CycleInfo }) {
  const items = [
    ['created', cycleCount(cycle, 'create')],
    ['updated', cycleCount(cycle, 'update')],
    ['disabled', cycleCount(cycle, 'disable')],
    ['deleted', cycleCount(cycle, 'delete')],
    ['failed', cycleCount(cycle, 'failure')],
    ['held', cycle.counts.held ?? 0],
  ] as const;
  return (
    <ul className="stat-row" aria-label="Counts by action">
      {items.map(([label, n]) => (
        <li key={label} className="stat">
          <span className="stat-value">{n}</span>
          <span className="stat-label">{label}</span>
        </li>
      ))}
    </ul>
  );
}

function Details({ app }: { app: App }) {
  const { report, error, refresh } = useStatus(app.id);
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [note, setNote] = useState<string>();
  const act = async (name: string, what: () => Promise<unknown>, done: string) => {
    setBusy(name);
    setActionError(undefined);
    setNote(undefined);
    try {
      await what();
      setNote(done);
      refresh();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(undefined);
    }
  };
  if (!report) return error ? <ErrorNotice error={error} title="The synchronization details could not be read" /> : <p className="muted">Loading…</p>;
  const q = report.app.quarantine;
  return (
    <>
      <ErrorNotice error={error} title="The details could not be refreshed" />
      {q ? (
        <Notice tone="warning" title="Provisioning is in quarantine">
          <p>
            {q.reason}
            {q.detail ? `: ${q.detail}` : ''} (since {formatTime(q.since)}). Until a cycle succeeds, changes in the directory start no cycle and scheduled cycles come less and less often (at most a day apart).
          </p>
          <p className="next-step">Fix the cause (often the Secret Token on the Provisioning page), then restart provisioning.</p>
          <Button variant="primary" busy={busy === 'restart'} onClick={() => act('restart', async () => (await appApi.restart(app.id), appApi.syncNow(app.id)), 'Provisioning restarted: a cycle is starting.')}>
            Restart provisioning
          </Button>
        </Notice>
      ) : null}
      <section className="card" aria-labelledby="now">
        <h2 id="now">Current status</h2>
        <dl className="kv">
          <dt>Status</dt>
          <dd>{STATE_TEXT[report.state]}</dd>
          <dt>Last cycle</dt>
          <dd>{report.last ? `${report.last.kind}, ${report.last.status}, ended ${formatAgo(report.last.endedAt)} (${formatTime(report.last.endedAt)})` : 'none yet'}</dd>
          <dt>Next cycle</dt>
          <dd>{report.nextCycleAt ? formatTime(report.nextCycleAt) : report.state === 'off' ? 'none: provisioning is Off' : 'within seconds of a change'}</dd>
          <dt>Provisioned</dt>
          <dd>
            {report.linked.users} {report.linked.users === 1 ? 'user' : 'users'}, {report.linked.groups} {report.linked.groups === 1 ? 'group' : 'groups'}
          </dd>
          <dt>Waiting for a retry</dt>
          <dd>{report.escrows.count}</dd>
        </dl>
        {report.current ? (
          <div aria-live="polite">
            <ProgressBar label={`${report.current.kind === 'initial' ? 'Initial' : 'Incremental'} cycle in progress`} value={report.current.total ? report.current.done : undefined} max={report.current.total || undefined} detail={report.current.total ? `${report.current.done} of ${report.current.total} objects` : 'counting objects…'} />
            <CycleCounts cycle={report.current} />
          </div>
        ) : report.last ? (
          <>
            <h3>Last cycle</h3>
            <CycleCounts cycle={report.last} />
            {report.last.error ? <Notice tone="error" title="The last cycle failed">{report.last.error}</Notice> : null}
          </>
        ) : null}
        <div className="form-actions form-actions-start">
          <Button busy={busy === 'sync'} disabled={report.state === 'running'} onClick={() => act('sync', () => appApi.syncNow(app.id), 'A cycle is starting.')}>
            Start a cycle now
          </Button>
          {!q ? (
            <Button busy={busy === 'restart'} onClick={() => act('restart', async () => (await appApi.restart(app.id), appApi.syncNow(app.id)), 'Provisioning restarted: the next cycle re-evaluates everything.')}>
              Restart provisioning
            </Button>
          ) : null}
          {note ? (
            <span role="status" className="saved-note">
              {note}
            </span>
          ) : null}
        </div>
        <ErrorNotice error={actionError} />
      </section>
      {report.held.count ? (
        <section className="card" aria-labelledby="held">
          <h2 id="held">Staged deletions ({report.held.count})</h2>
          <p>A cycle would disable or delete more objects than the threshold ({report.app.settings.deletionThreshold}); they wait for your decision. Creates and updates go on meanwhile.</p>
          <DataTable<HeldDelete>
            caption="Disables and deletes waiting for approval"
            rows={report.held.items}
            rowKey={(h) => `${h.sourceId}-${h.action}`}
            columns={[
              { header: 'Action', cell: (h) => h.action },
              { header: 'Object', cell: (h) => `${h.kind} ${h.display}` },
              { header: 'Why', cell: (h) => h.reason },
              { header: 'Held', cell: (h) => formatAgo(h.heldAt) },
            ]}
          />
          <div className="form-actions form-actions-start">
            <Button variant="danger" busy={busy === 'approve'} onClick={() => act('approve', () => appApi.approveDeletes(app.id), 'Approved: a cycle is sending them.')}>
              Approve {report.held.count}
            </Button>
            <Button busy={busy === 'reject'} onClick={() => act('reject', () => appApi.rejectDeletes(app.id), 'Rejected: nothing is sent.')}>
              Reject
            </Button>
          </div>
        </section>
      ) : null}
      <section className="card" aria-labelledby="history">
        <h2 id="history">Actions over time</h2>
        <ActionsChart cycles={report.recent} />
      </section>
    </>
  );
}

/** Synchronization details: status, progress of the running cycle (live), counts, last and next cycle, quarantine, staged deletions, history. */
export function SyncPage({ appId }: { appId: string }) {
  return <AppFrame appId={appId} tab="sync">{(app) => <Details app={app} />}</AppFrame>;
}
