import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { DialectName } from './dialect.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-membership-changes.js';

type Step = { up(db: Kysely<any>, dialect: DialectName): Promise<void> };

/** The ordered list of schema changes; add new ones at the end, never edit a shipped one. */
const steps: Record<string, Step> = {
  '001-initial': m001,
  '002-membership-changes': m002,
};

/** Brings the database to the latest schema; safe to run on every start (Kysely records what ran). */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<MigrationResultSet> {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of Object.entries(steps)) migrations[name] = { up: (d) => step.up(d, dialect) };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'scimkit_migrations',
    migrationLockTableName: 'scimkit_migrations_lock',
  });
  return migrator.migrateToLatest();
}
