import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import { DatabaseUnavailable, isSqliteBusy, RETRY_AFTER_LOCKED_S } from './dialect.js';
import type { Database } from './tables.js';

type Work = (trx: Transaction<Database>) => Promise<unknown>;
type Job = { work: Work; key: string | undefined; resolve: (value: unknown) => void; reject: (error: unknown) => void };
/** Makes a view of the batch's transaction whose statements do not wait for each other (overlapping-transaction.ts). */
export type Overlap = (trx: ControlledTransaction<Database>) => Promise<Transaction<Database>>;
type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

// The most writes one commit carries; bounds how long reads (on SQLite) wait behind a batch.
const MAX_BATCH = 64;

/**
 * Group commit. On SQLite a commit writes every page the transaction dirtied to the WAL, one write call
 * each, and cost about 0.45 ms of a 1 ms create; on PostgreSQL a commit waits for its WAL flush, and
 * writes of one tenant queue behind each other's commits on the tenant row lock. Writes that
 * arrive while one is running are queued and then run together in one transaction. One write's failure
 * (a taken userName, a failed If-Match) must undo only that write: when a write of the batch fails, the
 * transaction is rolled back and the batch runs again with each write inside its own savepoint. A write's
 * work may therefore run twice, and must change nothing but the database. Every caller is answered after
 * the commit that made its write durable, never before; if that commit fails, every write of the batch
 * fails with it.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private running: Promise<void> | undefined;
  // Whether a write of the last batch run in savepoints failed: the next batch then starts in savepoints.
  private failedLately = false;

  /**
   * `lockWaitMs` is how long the SQLite driver waits for a write lock that another process (the CLI, a
   * backup, a second server) holds, named in the DatabaseUnavailable (503, Retry-After) a write gets past it.
   * With `overlap` (PostgreSQL), the writes of a batch that name different keys run at the same time in the
   * batch's transaction, so their statements share round trips (see runOverlapped).
   */
  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly lockWaitMs = 5_000,
    private readonly overlap?: Overlap,
  ) {}

  /**
   * Runs `work` in a transaction (shared with the writes queued beside it) and settles after its commit.
   * `work` may run twice (see above): it must not change anything outside the transaction. A `key` says
   * which rows the write changes besides the tenant's sequence number (a resource's id): writes with
   * different keys may overlap, and a write without one runs alone.
   */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>, key?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, key, resolve: resolve as (value: unknown) => void, reject });
      // Start after the current I/O phase: requests that arrived together have then all queued their writes.
      this.running ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        await this.runBatch(this.queue.splice(0, MAX_BATCH));
        // Let the requests that arrived meanwhile reach their writes, so they form the next batch.
        if (this.queue.length < MAX_BATCH) await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Resolves once every queued write has been committed or failed, so the database can be closed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  // Begins the batch's transaction. On SQLite, BEGIN IMMEDIATE itself waits (asynchronously, up to lockWaitMs:
  // see sqlite-dialect.ts) for a write lock that another process holds; past that wait every write of the
  // batch fails with 503, since each was queued before the wait began.
  private async begin(batch: Job[]): Promise<ControlledTransaction<Database> | undefined> {
    try {
      return await this.kysely.startTransaction().execute();
    } catch (error) {
      const failure = isSqliteBusy(error) ? new DatabaseUnavailable(`Another process held the database's write lock for more than ${this.lockWaitMs} ms; try again shortly.`, RETRY_AFTER_LOCKED_S, error) : error;
      batch.forEach((job) => job.reject(failure));
      return undefined;
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const trx = await this.begin(batch);
    if (!trx) return;
    if (batch.length === 1) {
      const job = batch[0]!;
      try {
        const value = await job.work(trx);
        await trx.commit().execute();
        job.resolve(value);
      } catch (error) {
        await trx.rollback().execute().catch(() => undefined);
        job.reject(error);
      }
      return;
    }
    // Together first: no savepoints, which on PostgreSQL are two more round trips per write, and on SQLite
    // copy every page a write changes to the sub-journal. Only when a write fails, or one failed in the
    // last batch, does the batch run with a savepoint around each write.
    if (!this.failedLately) {
      if (await this.runTogether(trx, batch)) return;
      const again = await this.begin(batch);
      if (!again) return;
      return this.runInSavepoints(again, batch);
    }
    return this.runInSavepoints(trx, batch);
  }

  // Runs every write of the batch in the one transaction and commits; true once every write is answered.
  // False when a write failed: the transaction is then rolled back, undoing the writes before it too, and
  // nobody has been answered.
  private async runTogether(trx: ControlledTransaction<Database>, batch: Job[]): Promise<boolean> {
    let values: unknown[] = [];
    try {
      if (this.overlap && keyedPair(batch)) values = await this.runOverlapped(trx, batch);
      else for (const job of batch) values.push(await job.work(trx));
    } catch {
      await trx.rollback().execute().catch(() => undefined);
      return false;
    }
    try {
      await trx.commit().execute();
    } catch (error) {
      await trx.rollback().execute().catch(() => undefined);
      batch.forEach((job) => job.reject(error));
      return true;
    }
    batch.forEach((job, i) => job.resolve(values[i]));
    return true;
  }

  // Runs the writes of a batch on a view of its transaction whose statements do not wait for each other, in
  // the batch's order: a write starts at once, unless an earlier one of the same key has not finished (it then
  // starts after it); a write without a key starts after all before it and finishes before any after it starts.
  // A write's statements still run in its own order, and those of writes running together reach the database
  // interleaved, in the order they were made, within the one transaction. Settles once every write has; the
  // first failure is thrown then, as the serial run would have thrown it, and the batch runs again in savepoints.
  private async runOverlapped(trx: ControlledTransaction<Database>, batch: Job[]): Promise<unknown[]> {
    const view = await this.overlap!(trx);
    const all: Promise<unknown>[] = [];
    let running: Promise<unknown>[] = [];
    const lastOfKey = new Map<string, Promise<unknown>>();
    for (const job of batch) {
      if (job.key === undefined) {
        await Promise.allSettled(running);
        const alone = Promise.resolve().then(() => job.work(view));
        all.push(alone);
        await alone.catch(() => undefined);
        running = [];
        lastOfKey.clear();
        continue;
      }
      const before = lastOfKey.get(job.key);
      const p = (before ? before.catch(() => undefined) : Promise.resolve()).then(() => job.work(view));
      lastOfKey.set(job.key, p);
      running.push(p);
      all.push(p);
    }
    const settled = await Promise.allSettled(all);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
  }

  // Runs each write of the batch in its own savepoint, so a failing write undoes only itself.
  private async runInSavepoints(trx: ControlledTransaction<Database>, batch: Job[]): Promise<void> {
    const settled: Settled[] = [];
    try {
      for (const job of batch) {
        const sp = await trx.savepoint('w').execute();
        try {
          settled.push({ ok: true, value: await job.work(sp) });
        } catch (error) {
          await sp.rollbackToSavepoint('w').execute();
          settled.push({ ok: false, error });
        }
        await sp.releaseSavepoint('w').execute();
      }
      await trx.commit().execute();
    } catch (error) {
      // Nothing of this batch is durable: fail every write of it, including those that had succeeded.
      await trx.rollback().execute().catch(() => undefined);
      return batch.forEach((job) => job.reject(error));
    }
    this.failedLately = settled.some((s) => !s.ok);
    batch.forEach((job, i) => {
      const s = settled[i]!;
      if (s.ok) job.resolve(s.value);
      else job.reject(s.error);
    });
  }
}

// True when two writes in a row name keys: only then can any of them overlap.
function keyedPair(batch: Job[]): boolean {
  return batch.some((job, i) => i > 0 && job.key !== undefined && batch[i - 1]!.key !== undefined);
}
