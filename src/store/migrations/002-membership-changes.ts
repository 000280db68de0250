import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * The membership change log: one row per member added to or removed from a group, numbered with the
 * sequence number of the write that made it, so an incremental reader can ask "which members changed
 * since seq N" without reading a group's other members.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('membership_changes')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('seq', sql.raw(bigint), (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('member_type', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_changes_pk', ['tenant_id', 'seq', 'n'])
    .execute();
  await db.schema.createIndex('membership_changes_group').ifNotExists().on('membership_changes').columns(['tenant_id', 'group_id', 'seq']).execute();
}
