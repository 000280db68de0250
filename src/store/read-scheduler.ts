import { scimError } from '../scim/errors.js';

/** How heavy reads share the slots (worker threads on SQLite, pool connections on PostgreSQL) between tenants. */
export interface ReadShares {
  /** Heavy reads running at once, over all tenants. */
  slots: number;
  /** Heavy reads of one tenant running at once; below `slots`, so one tenant never holds them all. */
  perTenant: number;
  /** Heavy reads of one tenant waiting for a slot; one more is refused at once with 429. */
  maxQueued: number;
  /** How long a heavy read waits for a slot before it is refused with 429. */
  maxWaitMs: number;
}

/** Timers the scheduler uses, injectable so tests never wait on real time. */
export interface SchedulerTimers {
  set(ms: number, fn: () => void): unknown;
  clear(handle: unknown): void;
}

const realTimers: SchedulerTimers = {
  set: (ms, fn) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

type Waiter = { start: (slot: number) => void; timer: unknown };
type TenantState = { running: number; queue: Waiter[]; lastStart: number };

/** Seconds a refused heavy read is told to wait before it tries again. */
export const RETRY_AFTER_BUSY_S = 1;

/**
 * Hands heavy reads their slots, fairly between tenants: each tenant runs at most `perTenant` at once,
 * waiting reads are started tenant by tenant in turn, and a tenant that queues too many or waits too long
 * is told 429 with Retry-After. One tenant's expensive filters therefore cannot take every slot, and other
 * tenants' reads start as soon as a slot frees.
 */
export class ReadScheduler {
  private readonly free: number[];
  private readonly tenants = new Map<string, TenantState>();
  // Counts reads started; a tenant's lastStart says how recently it was served.
  private started = 0;

  constructor(private readonly shares: ReadShares, private readonly timers: SchedulerTimers = realTimers) {
    if (shares.slots < 1 || shares.perTenant < 1) throw new Error('a read scheduler needs at least one slot per tenant');
    this.free = Array.from({ length: shares.slots }, (_, i) => shares.slots - 1 - i);
  }

  /** Runs `job` in a free slot (its index is passed) once the tenant's turn comes; the slot is freed when the job settles. */
  async run<T>(tenantId: string, job: (slot: number) => Promise<T>): Promise<T> {
    const slot = await this.acquire(tenantId);
    try {
      return await job(slot);
    } finally {
      this.release(tenantId, slot);
    }
  }

  /** Heavy reads running now, and waiting, over all tenants (for tests and diagnostics). */
  stats(): { running: number; waiting: number } {
    let waiting = 0;
    for (const t of this.tenants.values()) waiting += t.queue.length;
    return { running: this.shares.slots - this.free.length, waiting };
  }

  private state(tenantId: string): TenantState {
    let t = this.tenants.get(tenantId);
    if (!t) this.tenants.set(tenantId, (t = { running: 0, queue: [], lastStart: 0 }));
    return t;
  }

  private acquire(tenantId: string): Promise<number> {
    const t = this.state(tenantId);
    if (t.queue.length === 0 && t.running < this.shares.perTenant && this.free.length > 0) {
      t.running++;
      t.lastStart = ++this.started;
      return Promise.resolve(this.free.pop()!);
    }
    if (t.queue.length >= this.shares.maxQueued) {
      return Promise.reject(scimError.tooManyRequests(RETRY_AFTER_BUSY_S));
    }
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        start: (slot) => {
          this.timers.clear(waiter.timer);
          resolve(slot);
        },
        timer: this.timers.set(this.shares.maxWaitMs, () => {
          const i = t.queue.indexOf(waiter);
          if (i >= 0) t.queue.splice(i, 1);
          this.forget(tenantId, t);
          reject(scimError.tooManyRequests(RETRY_AFTER_BUSY_S));
        }),
      };
      t.queue.push(waiter);
    });
  }

  private release(tenantId: string, slot: number): void {
    const t = this.state(tenantId);
    t.running--;
    this.free.push(slot);
    this.forget(tenantId, t);
    this.dispatch();
  }

  // Starts waiting reads while slots are free: of the tenants under their share, the one served longest ago
  // goes first, so tenants take turns however many reads each has queued.
  private dispatch(): void {
    while (this.free.length > 0) {
      let next: TenantState | undefined;
      for (const t of this.tenants.values()) {
        if (t.queue.length > 0 && t.running < this.shares.perTenant && (!next || t.lastStart < next.lastStart)) next = t;
      }
      if (!next) return;
      next.running++;
      next.lastStart = ++this.started;
      next.queue.shift()!.start(this.free.pop()!);
    }
  }

  // Drops the bookkeeping of a tenant with nothing running or waiting, so idle tenants cost no memory.
  private forget(tenantId: string, t: TenantState): void {
    if (t.running === 0 && t.queue.length === 0) this.tenants.delete(tenantId);
  }
}
