import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * The audit trail also records refused requests (401, 429) and each operation of a /Bulk: the client's
 * address, the operation's position in its BulkRequest, and an index for reading a tenant's trail by time.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('client_ip', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('bulk_op', 'integer').execute();
  await db.schema.createIndex('audit_log_tenant_at').ifNotExists().on('audit_log').columns(['tenant_id', 'at']).execute();
}
