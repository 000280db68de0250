import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../../store/dialect.js';

/** The provisioning engine's first schema: apps, assignments, links, escrows, held deletes, cycles, logs. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const bigint = sql.raw(dialect === 'postgres' ? 'bigint' : 'integer');
  await db.schema
    .createTable('prov_apps')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('token_enc', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('mappings', 'text', (c) => c.notNull())
    .addColumn('config_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('watermark', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('evaluated_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('restart', 'text')
    .addColumn('quarantine_reason', 'text')
    .addColumn('quarantine_detail', 'text')
    .addColumn('quarantine_since', 'text')
    .addColumn('quarantine_mailed', 'text')
    .addColumn('lease_holder', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('next_cycle_at', 'text')
    .addColumn('last_cycle_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // App names are unique regardless of case, so the CLI can take a name wherever it takes an id.
  await db.schema.createIndex('prov_apps_name').ifNotExists().unique().on('prov_apps').columns(['name_lc']).execute();
  await db.schema.createIndex('prov_apps_tenant').ifNotExists().on('prov_apps').columns(['tenant_id']).execute();

  await db.schema
    .createTable('prov_assignments')
    .ifNotExists()
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prov_assignments_pk', ['app_id', 'principal_id'])
    .execute();

  await db.schema
    .createTable('prov_dirty')
    .ifNotExists()
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prov_dirty_pk', ['app_id', 'source_id'])
    .execute();

  await db.schema
    .createTable('prov_links')
    .ifNotExists()
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sent', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('pending_manager', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prov_links_pk', ['app_id', 'source_id'])
    .execute();
  await db.schema.createIndex('prov_links_target').ifNotExists().on('prov_links').columns(['app_id', 'target_id']).execute();
  await db.schema.createIndex('prov_links_manager').ifNotExists().on('prov_links').columns(['app_id', 'pending_manager']).execute();

  await db.schema
    .createTable('prov_link_members')
    .ifNotExists()
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prov_link_members_pk', ['app_id', 'group_id', 'member_id'])
    .execute();
  await db.schema.createIndex('prov_link_members_member').ifNotExists().on('prov_link_members').columns(['app_id', 'member_id']).execute();

  await db.schema
    .createTable('prov_escrows')
    .ifNotExists()
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', 'text', (c) => c.notNull())
    .addColumn('next_retry_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prov_escrows_pk', ['app_id', 'source_id'])
    .execute();
  await db.schema.createIndex('prov_escrows_due').ifNotExists().on('prov_escrows').columns(['app_id', 'next_retry_at']).execute();

  await db.schema
    .createTable('prov_held_deletes')
    .ifNotExists()
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('display', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('cycle_id', 'text', (c) => c.notNull())
    .addColumn('held_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('prov_held_deletes_pk', ['app_id', 'source_id'])
    .execute();

  await db.schema
    .createTable('prov_cycles')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('prov_cycles_app').ifNotExists().on('prov_cycles').columns(['app_id', 'started_at']).execute();

  await db.schema
    .createTable('prov_logs')
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('cycle_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_detail', 'text')
    .execute();
  await db.schema.createIndex('prov_logs_app_at').ifNotExists().on('prov_logs').columns(['app_id', 'at']).execute();
  await db.schema.createIndex('prov_logs_app_source').ifNotExists().on('prov_logs').columns(['app_id', 'source_id']).execute();
  await db.schema.createIndex('prov_logs_cycle').ifNotExists().on('prov_logs').columns(['cycle_id']).execute();
}
