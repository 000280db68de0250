import type pg from 'pg';
import { unavailableOf } from './dialect.js';
import { SharedReads } from './postgres-shared-reads.js';
import { overBudgetError } from './read-budget.js';
import type { ReadScheduler } from './read-scheduler.js';
import { runPlanAsync, type ReadPlan, type Reader, type Row, type Statement } from './reader.js';

/** What the reader needs of a pool: a checked-out connection (whose failure to open is already a DatabaseUnavailable). */
export interface PgPoolLike {
  connect(): Promise<pg.PoolClient>;
}

// PostgreSQL's error code for a statement cancelled by statement_timeout.
const QUERY_CANCELED = '57014';

function config(s: Statement): pg.QueryConfig {
  // A named statement is parsed and planned once per connection; the fixed lookups run thousands of times a second.
  return s.name ? { name: s.name, text: s.sql, values: s.parameters as unknown[] } : { text: s.sql, values: s.parameters as unknown[] };
}

/**
 * PostgreSQL reads. Quick reads go straight to the pool, the fixed ones as named prepared statements, and
 * fixed ones that arrive together as one statement (SharedReads).
 * Heavy reads take one of a few slots (ReadScheduler: a tenant cannot take them all, so the pool always
 * has connections for everyone's lookups and writes) and run in a read-only transaction whose
 * statement_timeout is the time budget.
 */
export class PostgresReader implements Reader {
  readonly budgetFunction = false;
  private readonly shared: SharedReads;

  constructor(
    private readonly pool: PgPoolLike,
    private readonly scheduler: ReadScheduler,
    private readonly budgetMs: number,
  ) {
    this.shared = new SharedReads((s) => this.runOne(s));
  }

  async quick<T>(plan: () => ReadPlan<T>): Promise<T> {
    return runPlanAsync(plan(), (s) => this.shared.run(s));
  }

  // One statement on a connection of its own from the pool.
  private async runOne(s: Statement): Promise<Row[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return (await client.query(config(s))).rows as Row[];
    } catch (err) {
      // A connection that died mid-query is not given back to the pool.
      if (unavailableOf(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  heavy<T>(tenantId: string, plan: () => ReadPlan<T>): Promise<T> {
    return this.scheduler.run(tenantId, async () => {
      const client = await this.pool.connect();
      let broken: unknown;
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(this.budgetMs))}`);
        const result = await runPlanAsync(plan(), async (s) => (await client.query(config(s))).rows as Row[]);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (unavailableOf(err)) broken = err;
        else await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
        if ((err as { code?: string }).code === QUERY_CANCELED) throw overBudgetError(this.budgetMs);
        throw err;
      } finally {
        client.release(broken as Error | undefined);
      }
    });
  }

  heavyReads(): { running: number; waiting: number } {
    return this.scheduler.stats();
  }

  async close(): Promise<void> {
    // The pool belongs to the database handle, which ends it.
  }
}
