import type { App } from '../provisioning/apps/app-types.js';
import type { ProvisioningEngine } from '../provisioning/engine.js';
import { isProvisioningError } from '../provisioning/errors.js';

/**
 * The one seam through which cycles are scheduled: the in-process scheduler below for one node (or
 * several processes over one database, arbitrated by each app's lease); a queue such as pg-boss can
 * implement the same three calls for PostgreSQL clusters.
 */
export interface CycleScheduler {
  start(): void;
  /** Asks for an app's cycle now (Provisioning On, a manual sync request, approved deletions). */
  trigger(appId: string): void;
  /** Stops scheduling and waits for the cycles it started to finish. */
  stop(): Promise<void>;
}

/** Where the scheduler reports cycles that ran and failures it could not hand to a cycle. */
export interface SchedulerLog {
  info(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** How often to look for work, and how many apps may run a cycle at once in this process. */
export interface SchedulerOptions {
  pollMs?: number;
  maxParallel?: number;
  now?: () => number;
  log?: SchedulerLog;
}

/**
 * Why an app needs a cycle now: its scheduled time came, or (change-triggered apps, not in
 * quarantine) the source changed past its watermark, objects are queued, escrow retries are due, its
 * configuration changed, or a restart was asked for. Cheap: a few indexed reads per app.
 */
export async function dueReason(engine: ProvisioningEngine, app: App, now: number): Promise<string | undefined> {
  if (app.status !== 'on') return undefined;
  if (app.nextCycleAt && Date.parse(app.nextCycleAt) <= now) return 'scheduled';
  if (app.quarantine) return undefined;
  if (app.restart?.length) return 'restart';
  if (app.evaluatedVersion < app.configVersion) return 'configuration changed';
  if (!app.settings.changeTriggered) return undefined;
  const ctx = engine.ctx;
  if ((await ctx.store.tenants.lastSeq(app.tenantId)) > app.watermark) return 'source changed';
  if (await ctx.dirty.any(app.id)) return 'objects queued';
  if ((await ctx.escrows.due(app.id)).length) return 'escrow retry due';
  return undefined;
}

/** Runs the cycles of apps that are On, in this process, polling every `pollMs` (1 s by default). */
export function inProcessScheduler(engine: ProvisioningEngine, opts: SchedulerOptions = {}): CycleScheduler {
  const pollMs = opts.pollMs ?? 1000;
  const maxParallel = opts.maxParallel ?? 4;
  const now = opts.now ?? Date.now;
  const running = new Map<string, Promise<void>>();
  const wanted = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let ticking = false;

  const runOne = (app: App, reason: string) => {
    const p = (async () => {
      try {
        const r = await engine.sync(app.id);
        opts.log?.info({ app: app.name, cycle: r.cycleId, kind: r.kind, status: r.status, reason, counts: r.counts }, 'provisioning cycle finished');
      } catch (err) {
        // Another process holds the lease: it is running this app's cycle; nothing to do here.
        if (isProvisioningError(err) && err.code === 'leaseHeld') return;
        opts.log?.error({ app: app.name, err: (err as Error).message }, 'provisioning cycle could not run');
      } finally {
        running.delete(app.id);
      }
    })();
    running.set(app.id, p);
  };

  const tick = async () => {
    if (ticking || stopped) return;
    ticking = true;
    try {
      for (const app of await engine.ctx.apps.list()) {
        if (stopped || running.size >= maxParallel) break;
        if (running.has(app.id)) continue;
        const asked = wanted.delete(app.id);
        const reason = asked ? 'requested' : await dueReason(engine, app, now());
        if (reason) runOne(app, reason);
      }
    } catch (err) {
      opts.log?.error({ err: (err as Error).message }, 'provisioning scheduler could not read the apps');
    } finally {
      ticking = false;
    }
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(() => void tick(), pollMs);
      timer.unref();
      void tick();
    },
    trigger(appId) {
      wanted.add(appId);
      void tick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
