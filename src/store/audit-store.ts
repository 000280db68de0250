import type { Kysely, Transaction } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './tables.js';

/** One audited request (or /Bulk operation): who (token, address), what (method, path, resource), when, and the outcome. */
export interface AuditEntry {
  tenantId: string;
  at: string;
  tokenId: string | null;
  /** The client's address as the server saw it (the proxy's, behind a reverse proxy). */
  clientIp: string | null;
  method: string;
  path: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number;
  scimType: string | null;
  detail: string | null;
  /** The operation's position (1-based) in its BulkRequest; null outside /Bulk. */
  bulkOp: number | null;
  /** Who made an admin API write (console writes carry no token): the admin's user name, or "key:<name>"; null or absent for SCIM clients. */
  actor?: string | null;
}

/** What a write's audit record knows before the write runs; the store adds the tenant, resource and time. */
export type AuditDraft = Pick<AuditEntry, 'tokenId' | 'clientIp' | 'method' | 'path' | 'status' | 'bulkOp' | 'actor'>;

/** Which entries `list` and `export` return: one tenant, optionally narrowed by time, status, method and token. */
export interface AuditQuery {
  tenantId: string;
  /** ISO time; entries at or after it. */
  since?: string;
  /** ISO time; entries before it. */
  until?: string;
  /** An exact status (401) or a class ('4xx'). */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx`;
  method?: string;
  tokenId?: string;
  /** Most entries returned (newest first); undefined for all. */
  limit?: number;
}

// A detail may quote what the client sent (a filter value, a fragment of a body), and a request can carry
// secrets: the trail keeps the error's wording but never quoted text, and never much of it.
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const MAX_DETAIL = 300;

/** An error detail as the audit trail keeps it: quoted client text replaced by "…", at most 300 characters. */
export function auditDetail(detail: string | null | undefined): string | null {
  if (!detail) return null;
  const plain = detail.replace(QUOTED, '"…"');
  return plain.length > MAX_DETAIL ? `${plain.slice(0, MAX_DETAIL - 1)}…` : plain;
}

/** An audit entry as its audit_log row: the one mapping, shared by writes that insert it inside a larger statement. */
export function auditRow(e: AuditEntry) {
  return {
    tenant_id: e.tenantId,
    at: e.at,
    token_id: e.tokenId,
    client_ip: e.clientIp,
    method: e.method,
    path: e.path,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    status: e.status,
    scim_type: e.scimType,
    detail: auditDetail(e.detail),
    bulk_op: e.bulkOp,
    actor: e.actor ?? null,
  };
}

/**
 * Writes audit entries inside a write transaction, so a record commits exactly when the change it records
 * does (group commit shares that transaction's commit): a crash can lose neither without the other.
 */
export async function writeAuditEntries(trx: Transaction<Database> | Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await trx.insertInto('audit_log').values(entries.map(auditRow)).execute();
}

/**
 * The per-tenant audit trail: every write request, every /Bulk operation and every refused request. Writes
 * that change a resource record themselves in their own transaction (see ResourceStore); the rest (failed
 * writes, 401, 429) go through `record`, which shares group commit with the writes around it and resolves
 * only once the entry is durable, so the request it records can fail when its record cannot be written.
 */
export class AuditStore {
  constructor(private readonly db: Db) {}

  /** Writes entries durably (one group-committed transaction) before resolving. */
  async record(...entries: AuditEntry[]): Promise<void> {
    if (entries.length) await this.db.write((trx) => writeAuditEntries(trx, entries));
  }

  /** The newest entries of a tenant first, narrowed by the query. */
  async list(q: AuditQuery | string, limit = 100): Promise<AuditEntry[]> {
    const query = typeof q === 'string' ? { tenantId: q, limit } : q;
    const out: AuditEntry[] = [];
    for await (const e of this.export(query)) out.push(e);
    return out;
  }

  /** Streams matching entries, newest first, in pages of 1,000, so an export of millions holds one page in memory. */
  async *export(q: AuditQuery): AsyncGenerator<AuditEntry> {
    let before: number | undefined;
    let left = q.limit ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      let sel = this.db.kysely.selectFrom('audit_log').selectAll().where('tenant_id', '=', q.tenantId);
      if (before !== undefined) sel = sel.where('id', '<', before);
      if (q.since) sel = sel.where('at', '>=', q.since);
      if (q.until) sel = sel.where('at', '<', q.until);
      if (q.method) sel = sel.where('method', '=', q.method.toUpperCase());
      if (q.tokenId) sel = sel.where('token_id', '=', q.tokenId);
      if (typeof q.status === 'number') sel = sel.where('status', '=', q.status);
      else if (q.status) {
        const floor = Number(q.status[0]) * 100;
        sel = sel.where('status', '>=', floor).where('status', '<', floor + 100);
      }
      const page = Math.min(1000, left);
      const rows = await sel.orderBy('id', 'desc').limit(page).execute();
      for (const r of rows) {
        yield {
          tenantId: r.tenant_id,
          at: r.at,
          tokenId: r.token_id,
          clientIp: r.client_ip,
          method: r.method,
          path: r.path,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          status: Number(r.status),
          scimType: r.scim_type,
          detail: r.detail,
          bulkOp: r.bulk_op === null ? null : Number(r.bulk_op),
          actor: r.actor ?? null,
        };
      }
      left -= rows.length;
      if (rows.length < page) return;
      before = Number(rows[rows.length - 1]!.id);
    }
  }
}
