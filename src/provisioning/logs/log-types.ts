/** What the engine did (or would do) to one object. */
export type LogAction = 'create' | 'update' | 'disable' | 'delete' | 'skip' | 'members';

/** How it ended: done, failed (retried from escrow), skipped (nothing to do), held by the deletion guard, or deferred (throttled; next cycle). */
export type LogStatus = 'success' | 'failure' | 'skipped' | 'held' | 'deferred';

/** One step of an object's processing, as Entra's provisioning log and provision-on-demand show it. */
export interface LogStep {
  name: 'import' | 'scope' | 'match' | 'action' | 'reference';
  status: 'success' | 'skipped' | 'failure';
  description: string;
  details?: Record<string, unknown>;
}

/** One attribute that changed: old → new (a Redact()-ed value shows as "[Redact]"). */
export interface ModifiedProperty {
  name: string;
  old: unknown;
  new: unknown;
}

/** One provisioning log record: one object, one action. */
export interface LogRecord {
  id?: number;
  appId: string;
  cycleId: string;
  at: string;
  kind: 'User' | 'Group';
  sourceId: string;
  sourceName: string;
  targetId: string | null;
  action: LogAction;
  status: LogStatus;
  steps: LogStep[];
  modified: ModifiedProperty[];
  errorCode: string | null;
  errorDetail: string | null;
}
