import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * The audit trail names who made a write that no SCIM token made: the console admin (or the admin key) behind
 * an admin API write, so the activity log answers "who" for console writes too. Null for SCIM clients.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('actor', 'text').execute();
}
