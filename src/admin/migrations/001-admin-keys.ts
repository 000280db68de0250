import type { Kysely } from 'kysely';

/** Admin API keys: like SCIM tokens, only a hash of the secret is kept. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_keys')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
}
