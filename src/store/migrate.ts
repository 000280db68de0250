import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { DialectName } from './dialect.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-membership-changes.js';
import * as m003 from './migrations/003-audit-refusals.js';
import * as m004 from './migrations/004-nfc-name-keys.js';
import * as m005 from './migrations/005-audit-actor.js';
import * as m006 from './migrations/006-resource-counts.js';

/** One schema change of a domain: additive, run once, recorded by name. */
export type MigrationStep = { up(db: Kysely<any>, dialect: DialectName): Promise<void> };

/** The SCIM store's ordered list of schema changes; add new ones at the end, never edit a shipped one. */
const steps: Record<string, MigrationStep> = {
  '001-initial': m001,
  '002-membership-changes': m002,
  '003-audit-refusals': m003,
  '004-nfc-name-keys': m004,
  '005-audit-actor': m005,
  '006-resource-counts': m006,
};

/**
 * Brings one domain's tables to its latest schema, recording what ran in the domain's own migration
 * table, so each domain (the SCIM store, provisioning) owns its migrations; safe to run on every start.
 */
export async function migrateDomain(db: Kysely<any>, dialect: DialectName, domainSteps: Record<string, MigrationStep>, table: string): Promise<MigrationResultSet> {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of Object.entries(domainSteps)) migrations[name] = { up: (d) => step.up(d, dialect) };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
  });
  // The migrator reads what ran and runs the rest in one transaction on both databases (on SQLite through the
  // dialect's adapter, beginning IMMEDIATE: sqlite-dialect.ts), so two processes migrating at once never both
  // run a step. Another process of the same file (a second `serve --workers` worker, the CLI) may hold
  // SQLite's write lock for a moment: the driver waits for it asynchronously.
  return migrator.migrateToLatest();
}

/** Brings the SCIM store to the latest schema; safe to run on every start (Kysely records what ran). */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<MigrationResultSet> {
  return migrateDomain(db, dialect, steps, 'scimkit_migrations');
}
