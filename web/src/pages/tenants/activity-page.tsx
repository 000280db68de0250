import { useState, type FormEvent } from 'react';
import { api, seg } from '../../api/client.js';
import type { TokenInfo } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { Button, DataTable, ErrorNotice, SelectField, TextField, formatTime } from '../../ui/index.js';
import { useTenant } from './tenant-frame.js';

interface AuditEntry {
  at: string;
  tokenId: string | null;
  clientIp: string | null;
  method: string;
  path: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number;
  scimType: string | null;
  detail: string | null;
  bulkOp: number | null;
  actor?: string | null;
}

interface Filters {
  status: string;
  method: string;
  token: string;
  since: string;
}

const NONE: Filters = { status: '', method: '', token: '', since: '' };

function statusBadge(s: number): string {
  return s >= 500 ? 'badge-danger' : s >= 400 ? 'badge-warning' : 'badge-success';
}

/** The inbound activity log: every write to the tenant (by SCIM token or from this console), who made it and how it ended. */
export function ActivityPage() {
  const tenant = useTenant();
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const tokens = useApi((signal) => api.get<{ tokens: TokenInfo[] }>(`/tenants/${seg(tenant.id)}/tokens`, undefined, signal), [tenant.id]);
  const log = useApi(
    (signal) => api.get<{ entries: AuditEntry[] }>(`/tenants/${seg(tenant.id)}/audit`, { ...filters, since: filters.since ? new Date(filters.since).toISOString() : undefined, limit: 200 }, signal),
    [tenant.id, filters],
  );
  const tokenName = new Map((tokens.data?.tokens ?? []).map((t) => [t.id, t.name || t.id]));
  const who = (e: AuditEntry) => {
    if (e.tokenId) return `Token ${tokenName.get(e.tokenId) ?? e.tokenId}`;
    if (e.actor?.startsWith('key:')) return `Admin key ${e.actor.slice(4)}`;
    if (e.actor) return `Console (${e.actor})`;
    return e.path.startsWith('/admin/') ? 'Console' : 'No valid token';
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <>
      <div className="page-header-row section-head">
        <h2>Activity</h2>
        <Button onClick={log.reload} busy={log.loading}>
          Refresh
        </Button>
      </div>
      <p className="muted">Every write to this tenant’s users and groups — through SCIM with a token, or from this console — with who made it and the outcome, newest first (the last 200 that match).</p>
      <form className="toolbar" onSubmit={apply} aria-label="Filter the activity">
        <SelectField label="Outcome" value={draft.status} onChange={set('status')}>
          <option value="">Any</option>
          <option value="2xx">Succeeded (2xx)</option>
          <option value="4xx">Refused (4xx)</option>
          <option value="401">Unauthorized (401)</option>
          <option value="5xx">Server error (5xx)</option>
        </SelectField>
        <SelectField label="Method" value={draft.method} onChange={set('method')}>
          <option value="">Any</option>
          <option>POST</option>
          <option>PUT</option>
          <option>PATCH</option>
          <option>DELETE</option>
        </SelectField>
        <SelectField label="Token" value={draft.token} onChange={set('token')}>
          <option value="">Any</option>
          {(tokens.data?.tokens ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name || t.id}
            </option>
          ))}
        </SelectField>
        <TextField label="Since" type="datetime-local" value={draft.since} onChange={set('since')} />
        <Button type="submit">Apply</Button>
        <Button
          variant="ghost"
          onClick={() => {
            setDraft(NONE);
            setFilters(NONE);
          }}
        >
          Reset
        </Button>
      </form>
      <ErrorNotice error={log.error} title="The activity could not be loaded" />
      <DataTable
        caption={`Activity of ${tenant.name}`}
        busy={log.loading}
        rows={log.data?.entries ?? []}
        rowKey={(e, i) => `${i}|${e.at}|${e.resourceId ?? ''}`}
        empty={log.loading ? 'Loading…' : 'No activity matches.'}
        columns={[
          { header: 'Time', cell: (e) => formatTime(e.at) },
          { header: 'Who', cell: (e) => <span title={e.clientIp ?? undefined}>{who(e)}</span> },
          { header: 'Address', cell: (e) => e.clientIp ?? '—' },
          {
            header: 'What',
            cell: (e) => (
              <>
                <code>
                  {e.method} {e.path}
                </code>
                {e.bulkOp !== null && <span className="muted small"> (bulk op {e.bulkOp})</span>}
              </>
            ),
          },
          { header: 'Resource', cell: (e) => (e.resourceType ? `${e.resourceType}${e.resourceId ? ` ${e.resourceId.slice(0, 8)}…` : ''}` : '—') },
          {
            header: 'Outcome',
            cell: (e) => (
              <>
                <span className={`badge ${statusBadge(e.status)}`}>{e.status}</span>
                {(e.scimType || e.detail) && <p className="small muted cell-detail">{[e.scimType, e.detail].filter(Boolean).join(': ')}</p>}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
