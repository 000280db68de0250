import type { Store } from '../../data/store.js';
import type { App } from '../apps/app-types.js';
import type { AssignmentStore } from '../assignments/assignment-store.js';
import { ScopeResolver } from '../assignments/scope-resolver.js';
import type { ScimClient } from '../client/scim-client.js';
import type { LinkStore, Link, LinkState } from '../links/link-store.js';
import type { LogStore } from '../logs/log-store.js';
import type { LogAction, LogRecord, LogStatus, LogStep, ModifiedProperty } from '../logs/log-types.js';
import { compileObjectMapping, type CompiledObjectMapping } from '../mapping/compile-mappings.js';
import { SourceDirectory } from '../source/source-directory.js';
import type { CycleInfo } from './cycle-store.js';
import type { DirtyStore } from './dirty-store.js';
import type { EscrowStore } from './escrow-store.js';
import { classifyFailure, CycleAbort, type Failure } from './failure.js';
import type { Lease } from './lease.js';
import type { SnapshotPolicy, TargetSnapshot } from './target-snapshot.js';

/** Execute: send to the target. Plan: match (reads only) and report what would be sent; nothing is written anywhere. */
export type RunMode = 'execute' | 'plan';

/** A disable or delete waiting for the end of the cycle, when the accidental-deletion guard decides. */
export interface PendingDeletion {
  kind: 'User' | 'Group';
  sourceId: string;
  display: string;
  action: 'disable' | 'delete';
  targetId: string;
  reason: string;
  steps: LogStep[];
}

/** One planned action, as a dry run reports it. */
export interface PlannedAction {
  kind: 'User' | 'Group';
  sourceId: string;
  display: string;
  action: LogAction;
  /** success: would be done; held: the deletion guard would hold it; skipped: nothing to do. */
  status: LogStatus;
  targetId: string | null;
  reason: string;
  modified: ModifiedProperty[];
}

/** What a cycle needs from the rest of the engine. */
export interface CycleDeps {
  store: Store;
  links: LinkStore;
  logs: LogStore;
  escrows: EscrowStore;
  dirty: DirtyStore;
  assignments: AssignmentStore;
  now(): number;
  random(): number;
  snapshot: SnapshotPolicy;
}

/** Tallies for the cycle record, quarantine evaluation and the CLI summary. */
export interface CycleCounts {
  [key: string]: number;
}

const CONSECUTIVE_TIMEOUTS_TO_ABORT = 5;

/**
 * The state of one cycle (or dry run, or on-demand run) of one app: its compiled mappings, its view of
 * the source, the target client, and what it has done so far (links to write, log records, counts).
 * Object handlers (user-sync, group-sync, member-sync) work through it.
 */
export class CycleRun {
  readonly dir: SourceDirectory;
  readonly scope: ScopeResolver;
  readonly users: CompiledObjectMapping;
  readonly groups: CompiledObjectMapping;
  /** The cycle record's counts: what the cycle store saves and status pages show. */
  readonly counts: CycleCounts;
  readonly pendingDeletions: PendingDeletion[] = [];
  readonly plan: PlannedAction[] = [];
  /** Link writes of the current page, flushed together. */
  private linkUpserts = new Map<string, Link>();
  private linkRemovals = new Set<string>();
  private logBuffer: LogRecord[] = [];
  private succeeded: string[] = [];
  private consecutiveTimeouts = 0;
  /** Users whose group memberships must be checked (newly linked, newly disabled, moved in the source). */
  readonly membershipUsers = new Set<string>();
  /** Groups whose whole member list must be compared (new in the target, or a nested group moved). */
  readonly fullGroups = new Set<string>();
  /**
   * Users and groups whose disable or delete the deletion guard holds: their target group memberships
   * stay as they are until an admin decides, so a held deletion changes nothing in the target.
   */
  readonly heldIds = new Set<string>();
  /** Users linked in this cycle: users waiting for them as manager get their reference. */
  readonly linkedUsers = new Set<string>();
  /**
   * Whole links read or written since the last flush, by source id (null: known to have none). A flush
   * writes them and, when executing, empties this: the table is then the truth, and a 100,000-user
   * cycle does not keep every user's sent values in memory. In plan mode nothing is written, so it stays.
   */
  readonly knownLinks = new Map<string, Link | null>();
  /** The state of every link known in this cycle (no sent values): small enough to keep for the whole cycle. */
  private readonly linkStateCache = new Map<string, LinkState | null>();
  /** The target users' matching values, read at the start of a full cycle with many users to match. */
  userSnapshot: TargetSnapshot | undefined;
  /** Objects that failed or were deferred in this cycle: an escrow retried here without failing again is over. */
  readonly failedIds = new Set<string>();
  /** The first app-wide failure (credentials, unreachable), for quarantine. */
  appFailure: Failure | undefined;
  /** Every record logged (kept only when `keepRecords` is set: provision on demand returns them). */
  readonly records: LogRecord[] = [];
  keepRecords = false;

  constructor(
    readonly deps: CycleDeps,
    readonly app: App,
    readonly client: ScimClient,
    readonly cycle: CycleInfo,
    readonly mode: RunMode,
    readonly lease: Lease | undefined,
    /** Log skipped objects too (incremental cycles and on-demand); a full cycle logs only what it changed or failed. */
    readonly logSkips: boolean,
  ) {
    this.counts = cycle.counts;
    this.dir = new SourceDirectory(deps.store, app.tenantId);
    this.scope = new ScopeResolver(app, this.dir, deps.assignments);
    this.users = compileObjectMapping('User', app.mappings.users);
    this.groups = compileObjectMapping('Group', app.mappings.groups);
  }

  /** Adds to a tally. */
  count(key: string, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  /** Stops the cycle when its lease was taken over. */
  checkLease(): void {
    if (this.lease?.lost) throw new CycleAbort('the lease on this app was lost: another process is running its cycle');
  }

  /** Whole links of these source ids (with what was sent), read from the table when not known since the last flush. */
  async linksOf(ids: string[]): Promise<Map<string, Link>> {
    const missing = ids.filter((id) => !this.knownLinks.has(id) && this.linkStateCache.get(id) !== null);
    if (missing.length) {
      const read = await this.deps.links.getMany(this.app.id, missing);
      for (const id of missing) this.knownLinks.set(id, read.get(id) ?? null);
    }
    for (const id of ids) if (!this.knownLinks.has(id)) this.knownLinks.set(id, null);
    const out = new Map<string, Link>();
    for (const id of ids) {
      const l = this.knownLinks.get(id);
      if (l) out.set(id, l);
    }
    return out;
  }

  /** Link states (kind, state, target id) of these source ids, each read at most once per cycle. */
  async linkStates(ids: string[]): Promise<Map<string, LinkState>> {
    const missing = ids.filter((id) => !this.knownLinks.has(id) && !this.linkStateCache.has(id));
    if (missing.length) {
      const read = await this.deps.links.statesOf(this.app.id, missing);
      for (const id of missing) this.linkStateCache.set(id, read.get(id) ?? null);
    }
    const out = new Map<string, LinkState>();
    for (const id of ids) {
      const l = this.knownLinks.has(id) ? this.knownLinks.get(id) : this.linkStateCache.get(id);
      if (l) out.set(id, { kind: l.kind, state: l.state, targetId: l.targetId });
    }
    return out;
  }

  /** Records a link to write at the next flush. */
  setLink(link: Link): void {
    this.knownLinks.set(link.sourceId, link);
    this.linkStateCache.set(link.sourceId, { kind: link.kind, state: link.state, targetId: link.targetId });
    this.linkRemovals.delete(link.sourceId);
    this.linkUpserts.set(link.sourceId, link);
  }

  /** Records a link to remove at the next flush. */
  dropLink(sourceId: string): void {
    this.knownLinks.set(sourceId, null);
    this.linkStateCache.set(sourceId, null);
    this.linkUpserts.delete(sourceId);
    this.linkRemovals.add(sourceId);
  }

  /** Records one log record (and a planned action in plan mode). */
  log(r: { kind: 'User' | 'Group'; sourceId: string; sourceName: string; targetId: string | null; action: LogAction; status: LogStatus; steps: LogStep[]; modified?: ModifiedProperty[]; error?: Failure }): void {
    this.count(`${r.action}:${r.status}`);
    if (this.mode === 'plan') {
      if (r.status !== 'skipped' || this.logSkips) {
        const reason = r.steps[r.steps.length - 1]?.description ?? '';
        this.plan.push({ kind: r.kind, sourceId: r.sourceId, display: r.sourceName, action: r.action, status: r.status, targetId: r.targetId, reason, modified: r.modified ?? [] });
      }
      return;
    }
    if (r.status === 'skipped' && !this.logSkips) return;
    const record: LogRecord = {
      appId: this.app.id,
      cycleId: this.cycle.id,
      at: new Date(this.deps.now()).toISOString(),
      kind: r.kind,
      sourceId: r.sourceId,
      sourceName: r.sourceName,
      targetId: r.targetId,
      action: r.action,
      status: r.status,
      steps: r.steps,
      modified: r.modified ?? [],
      errorCode: r.error?.code ?? null,
      errorDetail: r.error?.detail ?? null,
    };
    this.logBuffer.push(record);
    if (this.keepRecords) this.records.push(record);
  }

  /** Notes a success (the object leaves escrow) and resets the run of timeouts. */
  ok(sourceId: string): void {
    this.consecutiveTimeouts = 0;
    this.count('success');
    this.succeeded.push(sourceId);
  }

  /**
   * Handles a failed object: classifies it, stops the cycle on app-wide failures, defers throttled
   * objects to the next cycle, escrows the rest. Returns the failure for the log.
   */
  async failed(kind: 'User' | 'Group', sourceId: string, err: unknown, reference = false): Promise<Failure> {
    if (err instanceof CycleAbort) throw err;
    const f = classifyFailure(err);
    if (f.handling === 'abort') {
      this.appFailure ??= f;
      throw new CycleAbort(f.detail, f);
    }
    if (f.code === 'Timeout' && ++this.consecutiveTimeouts >= CONSECUTIVE_TIMEOUTS_TO_ABORT) {
      const abort = { ...f, handling: 'abort' as const, appWide: true, detail: `${CONSECUTIVE_TIMEOUTS_TO_ABORT} requests in a row timed out: ${f.detail}` };
      this.appFailure ??= abort;
      throw new CycleAbort(abort.detail, abort);
    }
    if (this.mode === 'plan') return f;
    this.failedIds.add(sourceId);
    if (f.handling === 'defer') {
      this.count('deferred');
      await this.deps.dirty.mark(this.app.id, sourceId, kind, 'throttled', new Date(this.deps.now()).toISOString());
      return f;
    }
    this.count(reference ? 'referenceFailure' : 'failure');
    if ((await this.deps.escrows.fail(this.app.id, sourceId, kind, `${f.code}: ${f.detail}`)) === 'gaveUp') {
      this.count('gaveUp');
      return { ...f, detail: `${f.detail} (failing since longer than the retry schedule allows: no more retries until it changes in the source)` };
    }
    return f;
  }

  /** Writes the page's links, log records and escrow releases; called after each page and at the end. */
  async flush(): Promise<void> {
    if (this.mode === 'plan') return;
    this.checkLease();
    const upserts = [...this.linkUpserts.values()];
    const removals = [...this.linkRemovals];
    this.linkUpserts = new Map();
    this.linkRemovals = new Set();
    await this.deps.links.save(this.app.id, upserts, removals);
    for (const [id, l] of this.knownLinks) this.linkStateCache.set(id, l && { kind: l.kind, state: l.state, targetId: l.targetId });
    this.knownLinks.clear();
    const logs = this.logBuffer;
    this.logBuffer = [];
    await this.deps.logs.append(logs);
    const done = this.succeeded;
    this.succeeded = [];
    if (done.length) await this.deps.escrows.clear(this.app.id, done);
  }
}
