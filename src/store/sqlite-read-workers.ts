import { Worker } from 'node:worker_threads';
import { BUDGET_FUNCTION, runPlanAsync, type ReadPlan, type Row, type Statement } from './reader.js';

/** How the heavy-read worker threads open the database. */
export interface ReadWorkerOptions {
  /** Page cache of each worker's connection, in KiB. */
  cacheKiB: number;
  /** Bytes of the file each worker maps into memory (0: none). */
  mmapBytes: number;
}

/** A statement a worker stopped because its job ran past the time budget. */
export class OverBudget extends Error {
  constructor(readonly budgetMs: number) {
    super(`read over its ${budgetMs} ms budget`);
    this.name = 'OverBudget';
  }
}

type Pending = { resolve: (rows: Row[]) => void; reject: (err: unknown) => void };
type Slot = { worker: Worker; pending: Map<number, Pending>; ready: Promise<void>; dead?: Error };

// How long past its budget a job may go silent before its worker is given up and replaced: a statement
// checks the budget per visited row, but a final sort of collected rows runs without checks.
const GRACE_MS = 1_000;

/**
 * The worker threads that run heavy SQLite reads, each with its own read-only connection, so a scan of
 * a million rows never blocks the event loop. Slot i is worker i; the ReadScheduler decides which job
 * runs in which slot. A worker is started on first use and replaced if it dies or hangs.
 */
export class SqliteReadWorkers {
  private readonly slots: (Slot | undefined)[];
  private nextId = 1;
  private closed = false;

  constructor(private readonly file: string, size: number, private readonly opts: ReadWorkerOptions) {
    this.slots = Array.from({ length: size }, () => undefined);
  }

  /** Runs a read plan on slot `slot`'s worker in one read transaction; past `budgetMs` it fails with OverBudget. */
  async run<T>(slot: number, plan: ReadPlan<T>, budgetMs: number): Promise<T> {
    const s = this.slot(slot);
    // A worker starting up (a thread, the driver, the file) is not the read's cost: the budget starts after.
    await s.ready;
    const deadline = Date.now() + budgetMs;
    let first = true;
    try {
      return await runPlanAsync(plan, (st) => {
        const budget = first ? Math.max(1, deadline - Date.now()) : undefined;
        first = false;
        return this.send(slot, s, st, budget, deadline, budgetMs);
      });
    } finally {
      if (!s.dead) s.worker.postMessage({ end: true });
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s?.worker.terminate()));
  }

  private slot(i: number): Slot {
    const cur = this.slots[i];
    if (cur && !cur.dead) return cur;
    if (this.closed) throw new Error('the database is closed');
    const worker = new Worker(new URL('./sqlite-read-worker.js', import.meta.url), {
      workerData: { file: this.file, budgetFunction: BUDGET_FUNCTION, ...this.opts },
    });
    worker.unref();
    let ready!: () => void;
    let failed!: (err: Error) => void;
    const s: Slot = { worker, pending: new Map(), ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject))) };
    // Nobody may be waiting yet; a start-up failure still reaches the first job through `ready`.
    s.ready.catch(() => undefined);
    worker.on('message', (m: { ready?: true; id: number; rows?: Row[]; error?: { message: string; code?: string; overBudget: boolean } }) => {
      if (m.ready) return ready();
      const p = s.pending.get(m.id);
      if (!p) return;
      s.pending.delete(m.id);
      if (m.rows) p.resolve(m.rows);
      else p.reject(Object.assign(new Error(m.error!.message), { code: m.error!.code, overBudget: m.error!.overBudget }));
    });
    const die = (err: Error) => {
      failed(err);
      s.dead = err;
      if (this.slots[i] === s) this.slots[i] = undefined;
      for (const p of s.pending.values()) p.reject(err);
      s.pending.clear();
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`a read worker stopped (exit code ${code})`)));
    this.slots[i] = s;
    return s;
  }

  private send(i: number, s: Slot, st: Statement, budgetMs: number | undefined, deadline: number, jobBudgetMs: number): Promise<Row[]> {
    if (s.dead) return Promise.reject(s.dead);
    const id = this.nextId++;
    return new Promise<Row[]>((resolve, reject) => {
      // A worker that stays silent past the deadline (plus grace) is given up: terminated and replaced.
      const watchdog = setTimeout(
        () => {
          if (!s.pending.has(id)) return;
          s.pending.delete(id);
          reject(new OverBudget(jobBudgetMs));
          if (this.slots[i] === s) this.slots[i] = undefined;
          s.dead = new OverBudget(jobBudgetMs);
          void s.worker.terminate();
        },
        Math.max(0, deadline - Date.now()) + GRACE_MS,
      );
      watchdog.unref();
      s.pending.set(id, {
        resolve: (rows) => {
          clearTimeout(watchdog);
          resolve(rows);
        },
        reject: (err) => {
          clearTimeout(watchdog);
          reject((err as { overBudget?: boolean }).overBudget ? new OverBudget(jobBudgetMs) : err);
        },
      });
      s.worker.postMessage({ id, sql: st.sql, parameters: st.parameters, ...(budgetMs !== undefined ? { budgetMs } : {}) });
    });
  }
}
