import type { Db } from './database.js';

/** One audited write request: who (token), what (method, path, resource), when, and the outcome. */
export interface AuditEntry {
  tenantId: string;
  at: string;
  tokenId: string | null;
  method: string;
  path: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number;
  scimType: string | null;
  detail: string | null;
}

/** How long audit entries wait to be written together; a crash loses at most this much of the trail. */
export const AUDIT_FLUSH_MS = 25;
const AUDIT_BATCH_MAX = 500;

/**
 * The per-tenant audit trail of write requests. Entries are written in small batches, one transaction
 * each: a separate commit per request cost as much as the write it recorded.
 */
export class AuditStore {
  private queue: AuditEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  /** Queues one entry; it reaches the database within AUDIT_FLUSH_MS. */
  async record(e: AuditEntry): Promise<void> {
    this.queue.push(e);
    if (this.queue.length >= AUDIT_BATCH_MAX) await this.flush();
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), AUDIT_FLUSH_MS);
  }

  /** Writes every queued entry now (called before reads and on close). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.flushing.catch(() => undefined).then(async () => {
      if (!batch.length) return;
      await this.db.kysely
        .insertInto('audit_log')
        .values(
          batch.map((e) => ({
            tenant_id: e.tenantId,
            at: e.at,
            token_id: e.tokenId,
            method: e.method,
            path: e.path,
            resource_type: e.resourceType,
            resource_id: e.resourceId,
            status: e.status,
            scim_type: e.scimType,
            detail: e.detail,
          })),
        )
        .execute();
    });
    await this.flushing;
  }

  /** The newest entries of a tenant, newest first. */
  async list(tenantId: string, limit = 100): Promise<AuditEntry[]> {
    await this.flush();
    const rows = await this.db.kysely.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      at: r.at,
      tokenId: r.token_id,
      method: r.method,
      path: r.path,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      status: Number(r.status),
      scimType: r.scim_type,
      detail: r.detail,
    }));
  }
}
