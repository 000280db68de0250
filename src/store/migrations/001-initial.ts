import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/** The first schema: tenants, tokens, resources with their indexed columns, emails, memberships, tombstones, audit. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  const json = dialect === 'postgres' ? 'jsonb' : 'text';

  await db.schema
    .createTable('tenants')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seq', sql.raw(bigint), (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('tokens')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('tokens_tenant').ifNotExists().on('tokens').columns(['tenant_id']).execute();

  await db.schema
    .createTable('resources')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('user_name', 'text')
    .addColumn('user_name_lc', 'text')
    .addColumn('display_name', 'text')
    .addColumn('display_name_lc', 'text')
    .addColumn('active', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('seq', sql.raw(bigint), (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text', (c) => c.notNull())
    .addColumn('doc', sql.raw(json), (c) => c.notNull())
    .addPrimaryKeyConstraint('resources_pk', ['tenant_id', 'id'])
    .execute();
  // userName is unique per tenant regardless of case (RFC 7643: caseExact false, uniqueness server).
  await db.schema.createIndex('resources_user_name').ifNotExists().unique().on('resources').columns(['tenant_id', 'type', 'user_name_lc']).execute();
  await db.schema.createIndex('resources_external_id').ifNotExists().on('resources').columns(['tenant_id', 'type', 'external_id']).execute();
  await db.schema.createIndex('resources_display_name').ifNotExists().on('resources').columns(['tenant_id', 'type', 'display_name_lc']).execute();
  // Group names are unique per tenant regardless of case: Entra ID and Okta match groups by displayName.
  await db.schema
    .createIndex('resources_group_display_name')
    .ifNotExists()
    .unique()
    .on('resources')
    .columns(['tenant_id', 'display_name_lc'])
    .where(sql.ref('type'), '=', 'Group')
    .execute();
  await db.schema.createIndex('resources_last_modified').ifNotExists().on('resources').columns(['tenant_id', 'type', 'last_modified']).execute();
  await db.schema.createIndex('resources_created').ifNotExists().on('resources').columns(['tenant_id', 'type', 'created', 'id']).execute();
  await db.schema.createIndex('resources_seq').ifNotExists().unique().on('resources').columns(['tenant_id', 'seq']).execute();

  await db.schema
    .createTable('resource_emails')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('value_lc', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resource_emails_value').ifNotExists().on('resource_emails').columns(['tenant_id', 'value_lc']).execute();
  await db.schema.createIndex('resource_emails_owner').ifNotExists().on('resource_emails').columns(['tenant_id', 'resource_id']).execute();

  await db.schema
    .createTable('memberships')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('member_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['tenant_id', 'group_id', 'member_id'])
    .execute();
  // Covering (group_id included), so a user's groups are read from this index alone.
  await db.schema.createIndex('memberships_member').ifNotExists().on('memberships').columns(['tenant_id', 'member_id', 'group_id']).execute();

  await db.schema
    .createTable('tombstones')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('seq', sql.raw(bigint), (c) => c.notNull())
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tombstones_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('tombstones_seq').ifNotExists().on('tombstones').columns(['tenant_id', 'seq']).execute();

  await db.schema
    .createTable('audit_log')
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text')
    .addColumn('resource_id', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('scim_type', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_tenant').ifNotExists().on('audit_log').columns(['tenant_id', 'id']).execute();
}
