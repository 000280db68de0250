import type { Kysely } from 'kysely';
import type { Db } from '../../store/database.js';
import { migrateDomain, type MigrationStep } from '../../store/migrate.js';
import * as m001 from './migrations/001-provisioning.js';
import type { ProvisioningDatabase } from './tables.js';

/** The provisioning domain's ordered schema changes; add new ones at the end, never edit a shipped one. */
const steps: Record<string, MigrationStep> = {
  '001-provisioning': m001,
};

/** The database as the provisioning domain sees it: its own tables only. */
export type ProvDb = Kysely<ProvisioningDatabase>;

/** Brings the provisioning tables to their latest schema (recorded apart from the SCIM store's) and returns a handle typed for them. */
export async function migrateProvisioning(db: Db): Promise<ProvDb> {
  const result = await migrateDomain(db.kysely, db.dialect, steps, 'scimkit_provisioning_migrations');
  if (result.error) throw new Error(`provisioning migration failed: ${(result.error as Error).message ?? String(result.error)}`);
  return db.kysely as unknown as ProvDb;
}
