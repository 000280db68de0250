import type { LogRecord, ModifiedProperty } from './app-types.js';

/** A value as the logs show it: text as is, nothing as an em dash, anything else as JSON. */
export function showValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const TONE: Record<string, string> = { success: 'badge-success', failure: 'badge-danger', held: 'badge-warning', deferred: 'badge-warning' };

/** A status as a badge: success green, failure red, held and deferred amber, the rest plain. */
export function StatusTag({ status }: { status: string }) {
  return <span className={`badge ${TONE[status] ?? ''}`}>{status}</span>;
}

/** The modified properties, old → new. */
export function ModifiedTable({ modified, caption }: { modified: ModifiedProperty[]; caption: string }) {
  if (!modified.length) return <p className="muted small">No attribute changed.</p>;
  return (
    // Focusable, so a table wider than its panel can be scrolled with the keyboard.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="table table-compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col">Old value</th>
            <th scope="col">New value</th>
          </tr>
        </thead>
        <tbody>
          {modified.map((m) => (
            <tr key={m.name}>
              <td>
                <code>{m.name}</code>
              </td>
              <td className="old-value">{showValue(m.old)}</td>
              <td className="new-value">{showValue(m.new)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One object's processing as Entra's provisioning log shows it: each step (import, scope, match, action), the changes, the error. */
export function RecordView({ record, headingLevel = 3 }: { record: LogRecord; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="record" aria-label={`${record.action} ${record.sourceName}`}>
      <H className="record-title">
        {record.kind} {record.sourceName}: {record.action} <StatusTag status={record.status} />
      </H>
      <ol className="steps">
        {record.steps.map((s, i) => (
          <li key={i} className={`step step-${s.status}`}>
            <span className="step-name">{s.name}</span> <StatusTag status={s.status} />
            <p className="step-text">{s.description}</p>
            {s.details && Object.keys(s.details).length ? (
              <dl className="kv small">
                {Object.entries(s.details).map(([k, v]) => (
                  <div key={k} className="kv-row">
                    <dt>{k}</dt>
                    <dd>{showValue(v)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ol>
      <h4>Modified properties</h4>
      <ModifiedTable modified={record.modified} caption={`Modified properties of ${record.sourceName}`} />
      {record.errorCode || record.errorDetail ? (
        <div className="record-error">
          <h4>Error</h4>
          <p>
            {record.errorCode ? <code>{record.errorCode}</code> : null} {record.errorDetail}
          </p>
        </div>
      ) : null}
    </article>
  );
}
