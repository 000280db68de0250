import type { App, RestartScope } from '../apps/app-types.js';
import type { EngineContext } from '../engine-context.js';
import { provError } from '../errors.js';
import { CycleRun, type CycleCounts, type PlannedAction } from './cycle-run.js';
import type { CycleInfo, CycleStatus } from './cycle-store.js';
import { CycleAbort } from './failure.js';
import { Lease } from './lease.js';
import { decideQuarantine, nextCycleAt, QUARANTINE_DISABLE_AFTER_MS } from './quarantine.js';
import { runCyclePasses } from './run-cycle.js';

/** What `scimkit sync` and the admin API report after a cycle. */
export interface CycleResult {
  cycleId: string;
  kind: CycleInfo['kind'];
  status: Exclude<CycleStatus, 'running'>;
  startedAt: string;
  endedAt: string;
  counts: CycleCounts;
  /** Deletions now waiting for approval. */
  held: number;
  error: string | null;
  quarantine: App['quarantine'];
}

/** Options of one cycle run. */
export interface CycleOptions {
  /** Clear the watermark, escrows and quarantine first (Entra's Restart provisioning). */
  restart?: boolean;
  /** How long to wait for another process's cycle of this app to end (default: do not wait). */
  waitMs?: number;
  /** Called after each page with the cycle's progress. */
  onProgress?: (c: CycleInfo) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes the app's lease, waiting up to `waitMs`; a clear error when another process keeps it. */
export async function takeLease(ctx: EngineContext, app: App, waitMs = 0): Promise<Lease> {
  const until = Date.now() + waitMs;
  for (;;) {
    const lease = await Lease.acquire(ctx.db, app.id, ctx.holder, ctx.leaseTtlMs, ctx.now);
    if (lease) return lease;
    if (Date.now() >= until) {
      const holder = await Lease.holderOf(ctx.db, app.id);
      throw provError.leaseHeld(`a cycle of ${JSON.stringify(app.name)} is already running${holder ? ` (held by ${holder.holder} until ${holder.until})` : ''}; wait for it, or pass --wait <seconds>`);
    }
    await sleep(Math.min(250, Math.max(10, until - Date.now())));
  }
}

function merged(a: RestartScope[] | null, b: RestartScope[]): RestartScope[] {
  return [...new Set([...(a ?? []), ...b])];
}

/** Applies a requested restart before the cycle; returns whether held deletions were allowed. */
async function applyRestart(ctx: EngineContext, app: App, scopes: RestartScope[]): Promise<{ app: App; forceDeletes: boolean }> {
  if (!scopes.length) return { app, forceDeletes: false };
  if (scopes.includes('watermark')) await ctx.apps.saveState(app.id, { watermark: 0, evaluated_version: 0 });
  if (scopes.includes('escrows')) await ctx.escrows.clearAll(app.id);
  if (scopes.includes('quarantine')) await ctx.apps.saveState(app.id, { quarantine_reason: null, quarantine_detail: null, quarantine_since: null, quarantine_mailed: null });
  await ctx.apps.saveState(app.id, { restart: null });
  return { app: await ctx.apps.require(app.id), forceDeletes: scopes.includes('deletes') };
}

/**
 * Runs one cycle of an app under its lease: applies a requested restart, decides initial (full) or
 * incremental, runs the passes, advances the watermark only when the cycle finished, decides
 * quarantine (and mails it once per reason), and schedules the next cycle.
 */
export async function runAppCycle(ctx: EngineContext, appId: string, opts: CycleOptions = {}): Promise<CycleResult> {
  let app = await ctx.apps.require(appId);
  const lease = await takeLease(ctx, app, opts.waitMs);
  try {
    await ctx.cycles.abandon(app.id);
    const restart = await applyRestart(ctx, app, merged(app.restart, opts.restart ? ['watermark', 'escrows', 'quarantine'] : []));
    app = restart.app;
    const full = app.watermark === 0 || app.evaluatedVersion < app.configVersion;
    const upTo = await ctx.store.tenants.lastSeq(app.tenantId);
    const [dirty, escrowDue, held] = await Promise.all([ctx.dirty.list(app.id), ctx.escrows.due(app.id), restart.forceDeletes ? ctx.held.list(app.id) : Promise.resolve([])]);
    let cycle = await ctx.cycles.start(app.id, full ? 'initial' : 'incremental');
    const client = await ctx.clientFor(app);
    const run = new CycleRun(ctx.cycleDeps(), app, client, cycle, 'execute', lease, !full);
    const progress = setInterval(() => {
      void ctx.cycles.progress(run.cycle).catch(() => undefined);
      opts.onProgress?.(run.cycle);
    }, 1000);
    progress.unref();
    let status: Exclude<CycleStatus, 'running'>;
    let error: string | null = null;
    let heldCount = 0;
    let newlyHeld = false;
    try {
      const out = await runCyclePasses(run, { full, after: full ? 0 : app.watermark, upTo, dirty, escrowDue, forceDeletes: held }, ctx.held);
      heldCount = out.deletions.held;
      newlyHeld = out.deletions.newlyHeld;
      if (restart.forceDeletes) await ctx.held.remove(app.id);
      // A retried object that did not fail again leaves escrow, even when the retry found nothing left to
      // send (its member PATCH went through, or a later change made it redundant): otherwise its entry
      // would stay due forever and the scheduler would start a cycle for it every poll.
      await ctx.escrows.clear(app.id, escrowDue.filter((e) => !run.failedIds.has(e.sourceId)).map((e) => e.sourceId));
      await ctx.apps.saveState(app.id, { watermark: upTo, ...(full ? { evaluated_version: app.configVersion } : {}) });
      await ctx.dirty.clear(app.id, dirty);
      status = (run.counts.failure ?? 0) + (run.counts.referenceFailure ?? 0) > 0 ? 'partial' : 'succeeded';
    } catch (err) {
      await run.flush().catch(() => undefined);
      if (!(err instanceof CycleAbort)) {
        // An error of our own (the database out of reach, a bug): the cycle is on record as failed with it, not
        // left running for the next cycle to call it stopped. Quarantine is not decided by it: the target is not
        // at fault. The caller (the scheduler, `scimkit sync`) reports it too.
        await ctx.cycles.finish(run.cycle, 'failed', `scimkit could not finish the cycle: ${(err as Error).message ?? String(err)}`).catch(() => undefined);
        throw err;
      }
      status = 'failed';
      error = err.reason;
    } finally {
      clearInterval(progress);
      await client.close().catch(() => undefined);
    }
    // Quarantine and the next cycle's time are settled before the cycle is marked finished, so whoever sees
    // it finished (the console, a test, the scheduler) also sees the state it left.
    const quarantine = await settleQuarantine(ctx, app, run.counts, run.appFailure, run.cycle.id);
    cycle = await ctx.cycles.finish(run.cycle, status, error);
    opts.onProgress?.(cycle);
    if (newlyHeld) await notify(ctx, app, `${heldCount} deletions held for approval`, `A provisioning cycle of ${app.name} would disable or delete ${heldCount} objects, more than its deletion threshold (${app.settings.deletionThreshold}). Nothing was disabled or deleted. Review them with \`scimkit app show ${app.name}\` and run \`scimkit approve-deletes ${app.name}\` or \`scimkit reject-deletes ${app.name}\`.`);
    await ctx.logs.prune(app.id, new Date(ctx.now() - ctx.logRetentionDays * 86_400_000).toISOString()).catch(() => undefined);
    return { cycleId: cycle.id, kind: cycle.kind, status, startedAt: cycle.startedAt, endedAt: cycle.endedAt!, counts: run.counts, held: heldCount, error, quarantine };
  } finally {
    await lease.release().catch(() => undefined);
  }
}

async function notify(ctx: EngineContext, app: App, subject: string, text: string): Promise<void> {
  const to = app.settings.notificationEmail;
  if (!to || !app.settings.notifyOnFailure) return;
  try {
    await ctx.mailer.send({ to, subject: `scimkit: ${app.name}: ${subject}`, text });
  } catch (err) {
    process.stderr.write(`scimkit: could not send a notification e-mail for ${app.name}: ${(err as Error).message}\n`);
  }
}

/** Enters, keeps or lifts quarantine after a cycle, mails a new reason once, and schedules the next cycle. */
async function settleQuarantine(ctx: EngineContext, app: App, counts: CycleCounts, appFailure: Parameters<typeof decideQuarantine>[1], cycleId: string): Promise<App['quarantine']> {
  const now = ctx.now();
  const decision = decideQuarantine(counts, appFailure, ctx.quarantine);
  const current = (await ctx.apps.require(app.id)).quarantine;
  if (decision) {
    const since = current?.since ?? new Date(now).toISOString();
    const mailed = current?.mailed ?? null;
    if (mailed !== decision.reason) {
      await notify(
        ctx,
        app,
        `provisioning is in quarantine (${decision.reason})`,
        `Provisioning of ${app.name} is in quarantine since ${since}: ${decision.detail}.\nCycles now run less often (at most once a day) until one succeeds. Cycle ${cycleId}; see \`scimkit logs ${app.name} --status failure\`.`,
      );
    }
    const disable = now - Date.parse(since) >= QUARANTINE_DISABLE_AFTER_MS;
    await ctx.apps.saveState(app.id, {
      quarantine_reason: decision.reason,
      quarantine_detail: decision.detail,
      quarantine_since: since,
      quarantine_mailed: decision.reason,
      next_cycle_at: new Date(nextCycleAt(now, app.settings.intervalMinutes, since)).toISOString(),
      ...(disable ? { status: 'off' } : {}),
    });
    return { reason: decision.reason, detail: decision.detail, since, mailed: decision.reason };
  }
  // Any success lifts quarantine (as in Entra), and so does a cycle that reached the target and had
  // nothing fail. A cycle under the thresholds where everything it tried failed (a few retries, one
  // changed user) keeps it: the target still refuses, and lifting would bring back cycles on every change.
  const failures = (counts.failure ?? 0) + (counts.referenceFailure ?? 0);
  const lift = current && ((counts.success ?? 0) > 0 || (!appFailure && failures === 0));
  await ctx.apps.saveState(app.id, {
    ...(lift ? { quarantine_reason: null, quarantine_detail: null, quarantine_since: null, quarantine_mailed: null } : {}),
    next_cycle_at: new Date(nextCycleAt(now, app.settings.intervalMinutes, lift || !current ? null : current.since)).toISOString(),
  });
  return lift ? null : current;
}

/** A dry run: a full evaluation in plan mode, matching against the target (reads only) and writing nothing anywhere. */
export async function dryRun(ctx: EngineContext, appId: string): Promise<{ actions: PlannedAction[]; counts: CycleCounts; heldByGuard: boolean }> {
  const app = await ctx.apps.require(appId);
  const client = await ctx.clientFor(app);
  const cycle: CycleInfo = { id: 'dry-run', appId: app.id, kind: 'dry-run', status: 'running', startedAt: new Date(ctx.now()).toISOString(), endedAt: null, total: 0, done: 0, counts: {}, error: null };
  const run = new CycleRun(ctx.cycleDeps(), app, client, cycle, 'plan', undefined, false);
  try {
    const upTo = await ctx.store.tenants.lastSeq(app.tenantId);
    await runCyclePasses(run, { full: true, after: 0, upTo, dirty: [], escrowDue: [], forceDeletes: [] }, ctx.held);
  } catch (err) {
    if (err instanceof CycleAbort) throw provError.targetUnreachable(`the dry run could not read the target: ${err.reason}`);
    throw err;
  } finally {
    await client.close().catch(() => undefined);
  }
  return { actions: run.plan, counts: run.counts, heldByGuard: (run.counts.held ?? 0) > 0 };
}
