import SqliteDatabase from 'better-sqlite3';
import type { ReadScheduler } from './read-scheduler.js';
import { runPlanSync, type ReadPlan, type Reader, type Row, type Statement } from './reader.js';
import { OverBudget, type SqliteReadWorkers } from './sqlite-read-workers.js';
import { overBudgetError } from './read-budget.js';

type Job = { plan: () => ReadPlan<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

const MAX_STATEMENTS = 500;

/**
 * SQLite reads. Quick reads run on the event loop over a read-only connection of their own (so they never
 * wait behind a write transaction), and the quick reads that arrive together share one read transaction:
 * beginning one costs a few system calls (the WAL read lock), which was more than the lookup itself.
 * Every read of a shared transaction was asked for before the transaction began, so it sees every write
 * acknowledged before it was asked for. Heavy reads go to worker threads (SqliteReadWorkers), at most a
 * few per tenant at once (ReadScheduler), and stop at the time budget.
 */
export class SqliteReader implements Reader {
  readonly budgetFunction = true;
  private readonly statements = new Map<string, SqliteDatabase.Statement>();
  private batch: Job[] = [];
  // Prepared once: `exec` compiled BEGIN and COMMIT again for every batch, about 4 % of a lookup's CPU.
  private readonly begin: SqliteDatabase.Statement;
  private readonly commit: SqliteDatabase.Statement;

  constructor(
    private readonly conn: SqliteDatabase.Database,
    private readonly workers: SqliteReadWorkers,
    private readonly scheduler: ReadScheduler,
    private readonly budgetMs: number,
  ) {
    this.begin = conn.prepare('BEGIN');
    this.commit = conn.prepare('COMMIT');
  }

  quick<T>(plan: () => ReadPlan<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.batch.push({ plan, resolve: resolve as (v: unknown) => void, reject });
      if (this.batch.length === 1) setImmediate(() => this.flush());
    });
  }

  async heavy<T>(tenantId: string, plan: () => ReadPlan<T>): Promise<T> {
    try {
      return await this.scheduler.run(tenantId, (slot) => this.workers.run(slot, plan(), this.budgetMs));
    } catch (err) {
      throw err instanceof OverBudget ? overBudgetError(err.budgetMs) : err;
    }
  }

  heavyReads(): { running: number; waiting: number } {
    return this.scheduler.stats();
  }

  async close(): Promise<void> {
    await this.workers.close();
    this.conn.close();
  }

  // Runs every queued quick read in one read transaction.
  private flush(): void {
    const jobs = this.batch;
    this.batch = [];
    const exec = (s: Statement) => this.prepare(s.sql).all(...s.parameters) as Row[];
    this.begin.run();
    try {
      for (const job of jobs) {
        try {
          job.resolve(runPlanSync(job.plan(), exec));
        } catch (err) {
          job.reject(err);
        }
      }
    } finally {
      this.commit.run();
    }
  }

  private prepare(sql: string): SqliteDatabase.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      s = this.conn.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** Opens the event loop's read-only connection to a SQLite file, for quick reads. */
export function openReadConnection(file: string, cacheKiB: number, mmapBytes: number): SqliteDatabase.Database {
  const conn = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  conn.pragma(`cache_size = -${cacheKiB}`);
  if (mmapBytes) conn.pragma(`mmap_size = ${mmapBytes}`);
  // Reads under WAL take no lock that a writer holds; a wait here would block the event loop, so none.
  conn.pragma('busy_timeout = 0');
  return conn;
}
