import type { Command } from 'commander';
import type { AuditEntry, AuditQuery } from '../store/audit-store.js';
import { addDbOption, addJsonOption, commandConfig, requireTenant, withStore, type StoreOptions } from './context.js';
import { usageError } from './errors.js';
import { formatTime, printJson, printTable } from './output.js';

interface AuditOptions extends StoreOptions {
  tenant: string;
  since?: string;
  until?: string;
  status?: string;
  method?: string;
  token?: string;
  limit?: string;
  format?: string;
}

const FORMATS = ['table', 'jsonl', 'csv'] as const;
const COLUMNS: (keyof AuditEntry)[] = ['at', 'status', 'method', 'path', 'resourceType', 'resourceId', 'tokenId', 'clientIp', 'bulkOp', 'scimType', 'detail'];

function time(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw usageError(`${flag} must be a date or time such as 2026-01-31 or 2026-01-31T12:00:00Z, got ${JSON.stringify(raw)}`);
  return new Date(ms).toISOString();
}

/** Turns the command's flags into an audit query, naming the first bad one. */
export function auditQuery(tenantId: string, opts: AuditOptions): AuditQuery {
  const q: AuditQuery = { tenantId, since: time('--since', opts.since), until: time('--until', opts.until) };
  if (opts.status !== undefined) {
    const s = opts.status.trim().toLowerCase();
    if (/^[1-5]xx$/.test(s)) q.status = s as AuditQuery['status'];
    else if (/^[1-5]\d\d$/.test(s)) q.status = Number(s);
    else throw usageError(`--status must be a status such as 401 or a class such as 4xx, got ${JSON.stringify(opts.status)}`);
  }
  if (opts.method !== undefined) {
    if (!/^[a-z]+$/i.test(opts.method)) throw usageError(`--method must be an HTTP method such as POST, got ${JSON.stringify(opts.method)}`);
    q.method = opts.method.toUpperCase();
  }
  if (opts.token !== undefined) q.tokenId = opts.token;
  const limit = opts.limit === undefined ? 100 : /^\d+$/.test(opts.limit.trim()) ? Number(opts.limit) : Number.NaN;
  if (!Number.isSafeInteger(limit)) throw usageError(`--limit must be a whole number (0 for no limit), got ${JSON.stringify(opts.limit)}`);
  if (limit > 0) q.limit = limit;
  return q;
}

function csvCell(v: unknown): string {
  const text = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `scimkit audit`: a tenant's audit trail, newest first, filtered, as a table or exported as JSON lines or CSV. */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description("read a tenant's audit trail (writes, /Bulk operations, refused requests), newest first")
    .requiredOption('--tenant <id|name>', 'the tenant whose trail to read')
    .option('--since <time>', 'entries at or after this time (ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z)')
    .option('--until <time>', 'entries before this time')
    .option('--status <code>', 'one status (401) or a class (4xx)')
    .option('--method <method>', 'one HTTP method (POST, PUT, PATCH, DELETE, GET)')
    .option('--token <tokenId>', "one token's entries")
    .option('--limit <n>', 'at most this many entries (default 100; 0 for all)')
    .option('--format <format>', `table (default), jsonl or csv: jsonl and csv export every column`);
  addDbOption(audit);
  addJsonOption(audit).action(async (opts: AuditOptions) => {
    const format = (opts.format ?? 'table').toLowerCase();
    if (!(FORMATS as readonly string[]).includes(format)) throw usageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(opts.format)}`);
    const config = commandConfig(opts);
    await withStore(config.db, { mustExist: true }, async (store) => {
      const tenant = await requireTenant(store, opts.tenant);
      const query = auditQuery(tenant.id, opts);
      if (opts.json) return printJson({ tenantId: tenant.id, entries: await store.audit.list(query) });
      if (format === 'table') {
        const entries = await store.audit.list(query);
        return printTable(
          ['TIME', 'STATUS', 'METHOD', 'PATH', 'TOKEN', 'CLIENT', 'DETAIL'],
          entries.map((e) => [formatTime(e.at), String(e.status), e.method, e.path, e.tokenId ?? '-', e.clientIp ?? '-', e.detail ?? '']),
        );
      }
      // Exports stream page by page, so a trail of millions of entries never sits in memory whole.
      if (format === 'csv') process.stdout.write(`${COLUMNS.join(',')}\n`);
      for await (const e of store.audit.export(query)) {
        process.stdout.write(format === 'jsonl' ? `${JSON.stringify(e)}\n` : `${COLUMNS.map((c) => csvCell(e[c])).join(',')}\n`);
      }
    });
  });
}
