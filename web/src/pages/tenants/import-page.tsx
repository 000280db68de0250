import { useState, type ChangeEvent } from 'react';
import { api, seg } from '../../api/client.js';
import { Link } from '../../router.js';
import { Button, DataTable, ErrorNotice, Notice, ProgressBar, TextAreaField } from '../../ui/index.js';
import { tenantPath, useTenant } from './tenant-frame.js';

interface ImportRow {
  line: number;
  userName: string;
  status: 'valid' | 'invalid' | 'created' | 'failed';
  errors: string[];
  id?: string;
}

interface ImportResult {
  rows: ImportRow[];
  valid: number;
  invalid: number;
  created: number;
  failed: number;
}

const EXAMPLE = 'userName,givenName,familyName,email,title,department,active\nada@example.com,Ada,Lovelace,ada@example.com,Engineer,R&D,true\n';
const BADGE: Record<ImportRow['status'], string> = { valid: 'badge-success', created: 'badge-success', invalid: 'badge-danger', failed: 'badge-danger' };

/** CSV import of users: paste or choose a file, preview every row with its problems, then create the valid rows. */
export function ImportPage() {
  const tenant = useTenant();
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<ImportResult>();
  const [result, setResult] = useState<ImportResult>();
  const [phase, setPhase] = useState<'idle' | 'checking' | 'importing'>('idle');
  const [error, setError] = useState<unknown>();
  const url = `/tenants/${seg(tenant.id)}/users/import`;

  const changed = (text: string) => {
    setCsv(text);
    setPreview(undefined);
    setResult(undefined);
  };
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) changed(await f.text());
  };
  const send = async (commit: boolean) => {
    setPhase(commit ? 'importing' : 'checking');
    setError(undefined);
    try {
      const r = await api.post<ImportResult>(url, { csv, commit });
      if (commit) setResult(r);
      else setPreview(r);
    } catch (err) {
      setError(err);
    } finally {
      setPhase('idle');
    }
  };
  const shown = result ?? preview;

  return (
    <>
      <h2>Import users from CSV</h2>
      <p className="muted">
        A header row, then one user a row. Columns: <code>userName</code> (required), <code>givenName</code>, <code>familyName</code>, <code>displayName</code>, <code>email</code>, <code>title</code>, <code>department</code>, <code>employeeNumber</code>, <code>externalId</code>, <code>active</code> (true or false). Check first: nothing is created until you import.
      </p>
      <section className="card" aria-labelledby="csv-heading">
        <h3 id="csv-heading">1. The CSV</h3>
        <div className="field">
          <label htmlFor="csv-file">Choose a CSV file</label>
          <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
        </div>
        <TextAreaField label="…or paste it here" placeholder={EXAMPLE} rows={8} value={csv} onChange={(e) => changed(e.target.value)} spellCheck={false} />
        <div className="form-actions">
          <Button variant="primary" busy={phase === 'checking'} disabled={!csv.trim() || phase !== 'idle'} onClick={() => void send(false)}>
            Check rows
          </Button>
        </div>
      </section>
      <ErrorNotice error={error} title={phase === 'importing' ? 'The import failed' : 'The file could not be checked'} />
      {phase === 'importing' && <ProgressBar label="Importing users…" detail={preview ? `${preview.valid} rows` : undefined} />}
      {shown && (
        <section className="card" aria-labelledby="preview-heading">
          <h3 id="preview-heading">{result ? '3. Result' : '2. Preview'}</h3>
          {result ? (
            <Notice tone={result.failed ? 'warning' : 'success'} title={`${result.created} user${result.created === 1 ? '' : 's'} created${result.failed ? `, ${result.failed} failed` : ''}${result.invalid ? `, ${result.invalid} skipped as invalid` : ''}`}>
              <p>
                {result.failed || result.invalid ? 'Fix the rows marked below in the file and import those rows again. ' : ''}
                See them under <Link to={tenantPath(tenant.id, 'users')}>Users</Link>.
              </p>
            </Notice>
          ) : (
            <Notice tone={preview!.invalid ? 'warning' : 'info'} title={`${preview!.valid} row${preview!.valid === 1 ? '' : 's'} ready to import${preview!.invalid ? `, ${preview!.invalid} with problems` : ''}`}>
              <p>{preview!.invalid ? 'Rows with problems are skipped: fix them in the CSV and check again, or import the valid rows now.' : 'Every row is valid.'}</p>
            </Notice>
          )}
          <DataTable
            caption={result ? 'Import result per row, rows with problems first' : 'Import preview per row, rows with problems first'}
            rows={[...shown.rows].sort((a, b) => Number(b.errors.length > 0) - Number(a.errors.length > 0) || a.line - b.line)}
            rowKey={(r) => String(r.line)}
            columns={[
              { header: 'Line', cell: (r) => String(r.line) },
              { header: 'User name', cell: (r) => (r.id ? <Link to={`${tenantPath(tenant.id, 'users')}/${seg(r.id)}`}>{r.userName}</Link> : r.userName || <span className="muted">(empty)</span>) },
              { header: 'Status', cell: (r) => <span className={`badge ${BADGE[r.status]}`}>{r.status}</span> },
              { header: 'Problems', cell: (r) => (r.errors.length ? <ul className="plain-list errors">{r.errors.map((e, i) => <li key={i}>{e}</li>)}</ul> : '—') },
            ]}
          />
          {!result && (
            <div className="form-actions">
              <Button variant="primary" busy={phase === 'importing'} disabled={preview!.valid === 0 || phase !== 'idle'} onClick={() => void send(true)}>
                Import {preview!.valid} valid row{preview!.valid === 1 ? '' : 's'}
              </Button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
