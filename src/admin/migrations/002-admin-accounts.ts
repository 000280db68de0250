import type { Kysely } from 'kysely';

/** Console sign-in: local admin accounts (scrypt hashes), failed sign-ins per name for back-off and lock-out, and sessions shared by every server process. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_accounts')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_lc', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .execute();
  // Keyed by the name tried, whether or not an account has it: unknown names back off too, and reveal nothing.
  await db.schema
    .createTable('admin_sign_in_failures')
    .ifNotExists()
    .addColumn('username_lc', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();
  await db.schema
    .createTable('admin_sessions')
    .ifNotExists()
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_sessions_account').ifNotExists().on('admin_sessions').column('account_id').execute();
}
