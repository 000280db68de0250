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

/** The per-tenant audit trail of write requests. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  /** Appends one entry. */
  async record(e: AuditEntry): Promise<void> {
    await this.db.kysely
      .insertInto('audit_log')
      .values({
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
      })
      .execute();
  }

  /** The newest entries of a tenant, newest first. */
  async list(tenantId: string, limit = 100): Promise<AuditEntry[]> {
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
