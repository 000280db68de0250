import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * How many users and groups each tenant has, kept by triggers on `resources` in the transaction (and
 * savepoint) of every insert and delete, so an unfiltered list's totalResults is one row read instead of
 * a count linear in the tenant's size, on every page of a cursor walk. Every write path is covered,
 * creates, deletes, /Bulk, group commit and direct loads alike, because the database keeps it.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  // The triggers and the first counts must appear at once, or a write of another process in between would be
  // counted twice or not at all. Every migration runs in one transaction on both databases (on SQLite since
  // the adapter in sqlite-dialect.ts; this migration used to begin its own), so they do.
  return create(db, dialect);
}

async function create(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('resource_counts')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('n', sql.raw(bigint), (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_counts_pk', ['tenant_id', 'type'])
    .execute();
  if (dialect === 'postgres') {
    await sql`
      CREATE OR REPLACE FUNCTION scimkit_count_resources() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO resource_counts (tenant_id, type, n) VALUES (NEW.tenant_id, NEW.type, 1)
            ON CONFLICT (tenant_id, type) DO UPDATE SET n = resource_counts.n + 1;
        ELSE
          UPDATE resource_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND type = OLD.type;
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER resources_count AFTER INSERT OR DELETE ON resources FOR EACH ROW EXECUTE FUNCTION scimkit_count_resources()`.execute(db);
  } else {
    await sql`
      CREATE TRIGGER IF NOT EXISTS resources_count_insert AFTER INSERT ON resources BEGIN
        INSERT INTO resource_counts (tenant_id, type, n) VALUES (NEW.tenant_id, NEW.type, 1)
          ON CONFLICT (tenant_id, type) DO UPDATE SET n = n + 1;
      END`.execute(db);
    await sql`
      CREATE TRIGGER IF NOT EXISTS resources_count_delete AFTER DELETE ON resources BEGIN
        UPDATE resource_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND type = OLD.type;
      END`.execute(db);
  }
  // The counts of what is already stored; the triggers keep them from here on. A second process that started
  // this migration at the same time as the first finds the triggers and counts there and keeps them.
  await sql`INSERT INTO resource_counts (tenant_id, type, n) SELECT tenant_id, type, COUNT(*) FROM resources WHERE true GROUP BY tenant_id, type ON CONFLICT (tenant_id, type) DO NOTHING`.execute(db);
}
