import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/use-api.js';
import { Button, DataTable, ErrorNotice, formatTime, SelectField, TextField } from '../../ui/index.js';
import { appApi, logsExportHref, type LogQuery } from './app-client.js';
import { AppFrame } from './app-frame.js';
import type { App, LogRecord } from './app-types.js';
import { useDebounced } from './editors/use-debounced.js';
import { RecordView, StatusTag } from './record-view.js';

const PERIODS = { '1h': ['Last hour', 3_600_000], '24h': ['Last 24 hours', 86_400_000], '7d': ['Last 7 days', 7 * 86_400_000], '30d': ['Last 30 days', 30 * 86_400_000] } as const;
const ACTIONS = ['create', 'update', 'disable', 'delete', 'members', 'skip'];
const STATUSES = ['success', 'failure', 'skipped', 'held', 'deferred'];

function Logs({ app }: { app: App }) {
  const [period, setPeriod] = useState<keyof typeof PERIODS>('24h');
  const [action, setAction] = useState('');
  const [status, setStatus] = useState('');
  const [identityText, setIdentity] = useState('');
  const identity = useDebounced(identityText.trim(), 300);
  const [selected, setSelected] = useState<LogRecord>();
  // The period's start, fixed when a filter changes (not on every render) so the query stays the same between reloads.
  const query: LogQuery = useMemo(() => ({ since: new Date(Date.now() - PERIODS[period][1]).toISOString(), action, status, identity }), [period, action, status, identity]);
  const logs = useApi((signal) => appApi.logs(app.id, query, signal), [app.id, query]);
  // Keyboard and screen-reader users land on the details they asked for.
  useEffect(() => {
    if (selected) document.getElementById('detail')?.focus();
  }, [selected]);
  return (
    <>
      <section className="card" aria-labelledby="filters">
        <h2 id="filters">Filters</h2>
        <div className="toolbar">
          <SelectField label="Time" value={period} onChange={(e) => setPeriod(e.target.value as keyof typeof PERIODS)}>
            {Object.entries(PERIODS).map(([k, [label]]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">All actions</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </SelectField>
          <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
          <TextField fieldClassName="grow" label="Identity" type="search" placeholder="Name or id" value={identityText} onChange={(e) => setIdentity(e.target.value)} />
          <Button onClick={logs.reload} busy={logs.loading}>
            Refresh
          </Button>
        </div>
        <p className="export-links">
          Export these records:{' '}
          <a className="btn btn-secondary btn-small" href={logsExportHref(app.id, query, 'csv')} download>
            Download CSV
          </a>{' '}
          <a className="btn btn-secondary btn-small" href={logsExportHref(app.id, query, 'json')} download>
            Download JSON
          </a>
        </p>
      </section>
      <ErrorNotice error={logs.error} title="The logs could not be read" />
      <div className="logs-layout">
        <section className="card" aria-labelledby="records">
          <h2 id="records">Records ({logs.data?.length ?? 0})</h2>
          <DataTable<LogRecord>
            caption="Provisioning log records, newest first"
            busy={logs.loading}
            rows={logs.data ?? []}
            rowKey={(r) => String(r.id ?? `${r.cycleId}-${r.sourceId}-${r.action}`)}
            empty="No record matches these filters."
            columns={[
              { header: 'Time', cell: (r) => formatTime(r.at) },
              { header: 'Action', cell: (r) => r.action },
              { header: 'Status', cell: (r) => <StatusTag status={r.status} /> },
              { header: 'Identity', cell: (r) => `${r.kind} ${r.sourceName}` },
              {
                header: <span className="visually-hidden">Details</span>,
                className: 'cell-actions',
                cell: (r) => (
                  <Button className="btn-small" aria-pressed={selected === r} onClick={() => setSelected(r)} aria-label={`Details of ${r.action} ${r.sourceName}`}>
                    Details
                  </Button>
                ),
              },
            ]}
          />
        </section>
        {selected ? (
          <section className="card log-detail" aria-labelledby="detail">
            <div className="page-header-row">
              <h2 id="detail" tabIndex={-1}>
                Details
              </h2>
              <Button variant="ghost" className="btn-small" onClick={() => setSelected(undefined)}>
                Close
              </Button>
            </div>
            <dl className="kv small">
              <dt>Time</dt>
              <dd>{formatTime(selected.at)}</dd>
              <dt>Source id</dt>
              <dd>
                <code>{selected.sourceId}</code>
              </dd>
              <dt>Target id</dt>
              <dd>{selected.targetId ? <code>{selected.targetId}</code> : '—'}</dd>
              <dt>Cycle</dt>
              <dd>
                <code>{selected.cycleId}</code>
              </dd>
            </dl>
            <RecordView record={selected} />
          </section>
        ) : null}
      </div>
    </>
  );
}

/** Provisioning logs: filters (time, action, status, identity), a detail panel, and export to CSV and JSON. */
export function LogsPage({ appId }: { appId: string }) {
  return <AppFrame appId={appId} tab="logs">{(app) => <Logs app={app} />}</AppFrame>;
}
