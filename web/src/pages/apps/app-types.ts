// The shapes the admin API answers for apps (src/server/admin/app-routes.ts), as the app pages read them.
import type { ScopingFilter } from './editors/editor-api.js';

/** Where a target attribute's value comes from: Entra's three mapping types. */
export type MappingSource = { type: 'direct'; attribute: string } | { type: 'constant'; value: string } | { type: 'expression'; expression: string };

/** One attribute mapping. */
export interface AttributeMapping {
  target: string;
  source: MappingSource;
  apply?: 'always' | 'create';
  matching?: number;
  defaultValue?: string;
}

/** The mappings of users or groups, with their scoping filters. */
export interface ObjectMapping {
  enabled: boolean;
  mappings: AttributeMapping[];
  scoping: ScopingFilter[];
}

/** Both object types' mappings. */
export interface AppMappings {
  users: ObjectMapping;
  groups: ObjectMapping;
}

/** The settings the Provisioning page edits (the API has a few more, for tuning). */
export interface AppSettings {
  notificationEmail: string | null;
  notifyOnFailure: boolean;
  scope: 'assigned' | 'all';
  intervalMinutes: number;
  deletionThreshold: number;
  [name: string]: unknown;
}

/** An app (never its token). */
export interface App {
  id: string;
  tenantId: string;
  name: string;
  template: string;
  targetUrl: string;
  status: 'on' | 'off';
  settings: AppSettings;
  mappings?: AppMappings;
  quarantine: { reason: string; detail: string | null; since: string } | null;
  nextCycleAt: string | null;
  updatedAt: string;
}

/** A gallery entry. */
export interface Template {
  id: string;
  name: string;
  description: string;
  roles: string[];
  mappings: AppMappings;
}

/** A tenant (a directory, or the app side of a SCIM app). */
export interface Tenant {
  id: string;
  name: string;
}

/** Test Connection's answer. */
export type TestResult = { ok: true; status: 200; durationMs: number } | { ok: false; status?: number; reason: string; bodyExcerpt?: string };

/** One cycle. */
export interface CycleInfo {
  id: string;
  kind: 'initial' | 'incremental' | 'dry-run' | 'on-demand';
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  endedAt: string | null;
  total: number;
  done: number;
  counts: Record<string, number>;
  error: string | null;
}

/** A disable or delete held by the accidental-deletion guard. */
export interface HeldDelete {
  sourceId: string;
  kind: 'User' | 'Group';
  action: 'disable' | 'delete';
  display: string;
  reason: string;
  heldAt: string;
}

/** Synchronization details. */
export interface AppStatusReport {
  app: App;
  state: 'on' | 'off' | 'quarantine' | 'running';
  current: CycleInfo | null;
  last: CycleInfo | null;
  nextCycleAt: string | null;
  recent: CycleInfo[];
  escrows: { count: number; items: { sourceId: string; kind: string; attempts: number; nextRetryAt: string; lastError: string }[] };
  held: { count: number; items: HeldDelete[] };
  linked: { users: number; groups: number };
}

/** An assignment of a directory user or group to the app. */
export interface Assignment {
  principalId: string;
  principalType: 'User' | 'Group';
  role: string;
  name: string;
}

/** One step of an object's processing. */
export interface LogStep {
  name: string;
  status: 'success' | 'skipped' | 'failure';
  description: string;
  details?: Record<string, unknown>;
}

/** One attribute changed: old → new. */
export interface ModifiedProperty {
  name: string;
  old: unknown;
  new: unknown;
}

/** One provisioning log record. */
export interface LogRecord {
  id?: number;
  cycleId: string;
  at: string;
  kind: 'User' | 'Group';
  sourceId: string;
  sourceName: string;
  targetId: string | null;
  action: string;
  status: string;
  steps: LogStep[];
  modified: ModifiedProperty[];
  errorCode: string | null;
  errorDetail: string | null;
}

/** One action of a dry run's plan. */
export interface PlannedAction {
  kind: 'User' | 'Group';
  sourceId: string;
  display: string;
  action: string;
  status: string;
  targetId: string | null;
  reason: string;
  modified: ModifiedProperty[];
}
