import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import { DatabaseUnavailable, isSqliteBusy, RETRY_AFTER_LOCKED_S } from './dialect.js';
import type { Database } from './tables.js';

type Work = (trx: Transaction<Database>) => Promise<unknown>;
type Job = { work: Work; resolve: (value: unknown) => void; reject: (error: unknown) => void };
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
   */
  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly lockWaitMs = 5_000,
  ) {}

  /**
   * Runs `work` in a transaction (shared with the writes queued beside it) and settles after its commit.
   * `work` may run twice (see above): it must not change anything outside the transaction.
   */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
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
    const values: unknown[] = [];
    try {
      for (const job of batch) values.push(await job.work(trx));
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
