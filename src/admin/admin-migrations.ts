import type { Db } from '../store/database.js';
import { migrateDomain, type MigrationStep } from '../store/migrate.js';
import * as m001 from './migrations/001-admin-keys.js';
import * as m002 from './migrations/002-admin-accounts.js';

/** The admin domain's ordered schema changes; add new ones at the end, never edit a shipped one. */
const steps: Record<string, MigrationStep> = { '001-admin-keys': m001, '002-admin-accounts': m002 };

/** Brings the admin tables (keys, accounts, sign-in failures, sessions) to the latest schema; idempotent. */
export async function migrateAdmin(db: Db): Promise<void> {
  const result = await migrateDomain(db.kysely, db.dialect, steps, 'scimkit_admin_migrations');
  if (result.error) throw new Error(`admin migration failed: ${(result.error as Error).message ?? String(result.error)}`);
}
