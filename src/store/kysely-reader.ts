import { CompiledQuery, type Kysely } from 'kysely';
import { runPlanAsync, type ReadPlan, type Reader, type Row } from './reader.js';
import type { Database } from './tables.js';

/**
 * Reads through Kysely's own connection, for a SQLite database held in memory: no second connection can
 * see it, so reads queue behind writes on the one connection and heavy reads run on the event loop
 * without a budget. Nothing that needs isolation between tenants runs on an in-memory database.
 */
export class KyselyReader implements Reader {
  readonly budgetFunction = true;

  constructor(private readonly kysely: Kysely<Database>) {}

  quick<T>(plan: () => ReadPlan<T>): Promise<T> {
    return runPlanAsync(plan(), async (s) => (await this.kysely.executeQuery(CompiledQuery.raw(s.sql, [...s.parameters]))).rows as Row[]);
  }

  heavy<T>(_tenantId: string, plan: () => ReadPlan<T>): Promise<T> {
    return this.quick(plan);
  }

  heavyReads(): { running: number; waiting: number } {
    return { running: 0, waiting: 0 };
  }

  async close(): Promise<void> {}
}
