import type { Generated } from 'kysely';

/** An enterprise app: a source tenant provisioned onward into one target SCIM endpoint. */
export interface ProvAppsTable {
  id: string;
  tenant_id: string;
  name: string;
  name_lc: string;
  template: string;
  target_url: string;
  /** The Secret Token, encrypted (see secrets/secret-box.ts); never returned once set. */
  token_enc: string;
  /** AppSettings as JSON. */
  settings: string;
  /** AppMappings (users and groups: attribute mappings, scoping filters) as JSON. */
  mappings: string;
  /** Bumped by any change to mappings, scoping or scope: the next cycle re-evaluates every object. */
  config_version: number;
  status: string;
  /** The source feed's seq up to which every change has been processed. */
  watermark: number | string;
  /** config_version of the last completed full evaluation; behind config_version means one is due. */
  evaluated_version: number;
  /** What an admin asked to reset before the next cycle (JSON list: watermark, escrows, quarantine), or null. */
  restart: string | null;
  quarantine_reason: string | null;
  quarantine_detail: string | null;
  quarantine_since: string | null;
  /** The reason the last quarantine e-mail was about, so each reason is mailed once. */
  quarantine_mailed: string | null;
  lease_holder: string | null;
  lease_until: string | null;
  next_cycle_at: string | null;
  last_cycle_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A user or group of the source tenant assigned to an app, with its app role. */
export interface ProvAssignmentsTable {
  app_id: string;
  principal_id: string;
  principal_type: string;
  role: string;
  created_at: string;
}

/** Source objects to re-evaluate in the next cycle (assignment changes, deferred objects). */
export interface ProvDirtyTable {
  app_id: string;
  source_id: string;
  kind: string;
  reason: string;
  at: string;
}

/** The link table: which target object a source object became, and what was last sent to it. */
export interface ProvLinksTable {
  app_id: string;
  source_id: string;
  kind: string;
  target_id: string;
  /** 'active' (in scope, provisioned) or 'disabled' (sent active=false after leaving scope). */
  state: string;
  /** The target attributes last sent, JSON {path: value}, for minimal PATCHes and old → new logs. */
  sent: string;
  /** Hash of `sent` plus the inputs that made it, so an unchanged object costs no work. */
  hash: string;
  /** The source id of a manager that had no target id yet when this user was last sent. */
  pending_manager: string | null;
  updated_at: string;
}

/** Members sent to a target group: (group, member) by source ids. */
export interface ProvLinkMembersTable {
  app_id: string;
  group_id: string;
  member_id: string;
}

/** Objects whose last attempt failed, and when to try again (Entra's escrow). */
export interface ProvEscrowsTable {
  app_id: string;
  source_id: string;
  kind: string;
  attempts: number;
  first_failed_at: string;
  next_retry_at: string;
  last_error: string;
}

/** Disables and deletes held by the accidental-deletion guard until an admin allows or rejects them. */
export interface ProvHeldDeletesTable {
  app_id: string;
  source_id: string;
  kind: string;
  action: string;
  target_id: string;
  display: string;
  reason: string;
  cycle_id: string;
  held_at: string;
}

/** One cycle of one app: kind, progress and counts, for Synchronization details. */
export interface ProvCyclesTable {
  id: string;
  app_id: string;
  kind: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  total: number;
  done: number;
  /** Counts by action and status, JSON. */
  counts: string;
  error: string | null;
}

/** The provisioning log: one record per object per action. */
export interface ProvLogsTable {
  id: Generated<number>;
  app_id: string;
  cycle_id: string;
  at: string;
  kind: string;
  source_id: string;
  source_name: string;
  target_id: string | null;
  action: string;
  status: string;
  /** Steps (import, scope, match, action) with details, JSON. */
  steps: string;
  /** Modified properties [{name, old, new}], JSON. */
  modified: string;
  error_code: string | null;
  error_detail: string | null;
}

/** The provisioning domain's tables, for Kysely. */
export interface ProvisioningDatabase {
  prov_apps: ProvAppsTable;
  prov_assignments: ProvAssignmentsTable;
  prov_dirty: ProvDirtyTable;
  prov_links: ProvLinksTable;
  prov_link_members: ProvLinkMembersTable;
  prov_escrows: ProvEscrowsTable;
  prov_held_deletes: ProvHeldDeletesTable;
  prov_cycles: ProvCyclesTable;
  prov_logs: ProvLogsTable;
}
