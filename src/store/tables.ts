import type { Generated } from 'kysely';

/** A tenant: one isolated SCIM directory, with the counter that orders its change feed. */
export interface TenantsTable {
  id: string;
  name: string;
  name_lc: string;
  created_at: string;
  /** The last change-feed sequence number handed out; bumped under a row lock inside each write. */
  last_seq: number | string;
}

/** A bearer token: only the SHA-256 of its secret is kept. */
export interface TokensTable {
  id: string;
  tenant_id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Users and groups; the columns filters must find fast are real indexed columns, the rest is the JSON document. */
export interface ResourcesTable {
  tenant_id: string;
  id: string;
  type: string;
  external_id: string | null;
  user_name: string | null;
  user_name_lc: string | null;
  display_name: string | null;
  display_name_lc: string | null;
  active: number | null;
  version: number;
  seq: number | string;
  created: string;
  last_modified: string;
  /** The canonical resource without id, meta and members (text on SQLite, jsonb on PostgreSQL). */
  doc: string | Record<string, unknown>;
}

/** Lower-cased e-mail values of users, so `emails.value eq` and `emails co` use an index. */
export interface ResourceEmailsTable {
  tenant_id: string;
  resource_id: string;
  value_lc: string;
}

/** Group memberships, one row each, so a member is added or removed without reading the others. */
export interface MembershipsTable {
  tenant_id: string;
  group_id: string;
  member_id: string;
  member_type: string;
}

/** One member added to or removed from a group, numbered with the seq of the write that did it (n orders a write's rows). */
export interface MembershipChangesTable {
  tenant_id: string;
  seq: number | string;
  n: number;
  group_id: string;
  member_id: string;
  member_type: string;
  op: 'add' | 'remove';
}

/** Deleted resources, kept so the change feed can tell readers what disappeared. */
export interface TombstonesTable {
  tenant_id: string;
  id: string;
  type: string;
  seq: number | string;
  deleted_at: string;
}

/** How many resources of a type a tenant has, kept by triggers on `resources` (migration 006). */
export interface ResourceCountsTable {
  tenant_id: string;
  type: string;
  n: number | string;
}

/** Who wrote what, when, and how it ended: one row per write request, /Bulk operation or refused request. */
export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  at: string;
  token_id: string | null;
  client_ip: string | null;
  bulk_op: number | null;
  method: string;
  path: string;
  resource_type: string | null;
  resource_id: string | null;
  status: number;
  scim_type: string | null;
  detail: string | null;
  /** Who made an admin API write: an admin's user name, or "key:<name>" for an admin key; null for SCIM clients. */
  actor: string | null;
}

/** The whole database as Kysely sees it. */
export interface Database {
  tenants: TenantsTable;
  tokens: TokensTable;
  resources: ResourcesTable;
  resource_emails: ResourceEmailsTable;
  memberships: MembershipsTable;
  membership_changes: MembershipChangesTable;
  tombstones: TombstonesTable;
  resource_counts: ResourceCountsTable;
  audit_log: AuditLogTable;
}
