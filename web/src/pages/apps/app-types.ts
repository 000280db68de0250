// The shapes the admin API answers for apps (src/server/admin/app-routes.ts), as the app pages read them.
import type { LogStep, ModifiedProperty } from '../../../../src/provisioning/logs/log-types.js';
import type { AppMappings } from '../../../../src/provisioning/mapping/mapping-types.js';

// The engine's own types where the API sends them as they are (type-only: nothing of the server is bundled).
export type { AttributeMapping, MappingSource, ObjectMapping } from '../../../../src/provisioning/mapping/mapping-types.js';
export type { AppMappings, LogStep, ModifiedProperty };

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
