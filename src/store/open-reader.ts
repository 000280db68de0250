import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { KyselyReader } from './kysely-reader.js';
import { PostgresReader, type PgPoolLike } from './postgres-reader.js';
import { DEFAULT_READ_BUDGET_MS } from './read-budget.js';
import { ReadScheduler, type ReadShares } from './read-scheduler.js';
import { BUDGET_FUNCTION, type Reader } from './reader.js';
import { openReadConnection, SqliteReader } from './sqlite-reader.js';
import { SqliteReadWorkers } from './sqlite-read-workers.js';
import type { Database } from './tables.js';

/** How heavy reads are bounded: their time budget and how many run at once. */
export interface ReadLimits {
  /** How long one heavy read may take before it fails with 400 tooMany (`--read-budget-ms`). */
  budgetMs?: number;
  /** Heavy reads running at once: worker threads on SQLite, pool connections on PostgreSQL. */
  slots?: number;
  /** Heavy reads of one tenant running at once. */
  perTenant?: number;
}

/** Page cache of the event loop's read connection and of each worker's, in KiB. */
const READ_CACHE_KIB = 32_768;
const WORKER_CACHE_KIB = 8_192;

function shares(limits: ReadLimits, defaultSlots: number): ReadShares & { budgetMs: number } {
  const slots = Math.max(1, limits.slots ?? defaultSlots);
  const budgetMs = limits.budgetMs ?? DEFAULT_READ_BUDGET_MS;
  return { slots, perTenant: Math.max(1, Math.min(slots, limits.perTenant ?? slots - 1)), maxQueued: 64, maxWaitMs: budgetMs, budgetMs };
}

/** The reader of a SQLite database: its own connection for quick reads and worker threads for heavy ones; through Kysely for `:memory:`. */
export function openSqliteReader(file: string, main: SqliteDatabase.Database, kysely: Kysely<Database>, limits: ReadLimits = {}): Reader {
  if (file === ':memory:') {
    // The one connection runs heavy statements too; they carry the budget call, which never stops them here.
    main.function(BUDGET_FUNCTION, { deterministic: false }, () => 1);
    return new KyselyReader(kysely);
  }
  const s = shares(limits, 2);
  const workers = new SqliteReadWorkers(file, s.slots, { cacheKiB: WORKER_CACHE_KIB, mmapBytes: 0 });
  return new SqliteReader(openReadConnection(file, READ_CACHE_KIB, 0), workers, new ReadScheduler(s), s.budgetMs);
}

/** The reader of a PostgreSQL database: heavy reads take at most half the pool. */
export function openPostgresReader(pool: PgPoolLike, poolSize: number, limits: ReadLimits = {}): Reader {
  const s = shares(limits, Math.max(1, Math.floor(poolSize / 2)));
  return new PostgresReader(pool, new ReadScheduler(s), s.budgetMs);
}
