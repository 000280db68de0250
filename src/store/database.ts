import SqliteDatabase from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { DatabaseUnavailable, RETRY_AFTER_UNREACHABLE_S, type DialectName } from './dialect.js';
import { loadPg } from './load-pg.js';
import { migrateToLatest } from './migrate.js';
import { openPostgresReader, openSqliteReader, type ReadLimits } from './open-reader.js';
import { clientWithPreparedWrites, PreparedWriteNames } from './postgres-prepared-writes.js';
import { refreshStatistics } from './sqlite-statistics.js';
import type { Reader } from './reader.js';
import { SqliteCheckpointer, type CheckpointResult } from './sqlite-checkpointer.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import { overlappingTransaction } from './overlapping-transaction.js';
import { WriteBatcher, type Overlap } from './write-batcher.js';
import type { Database } from './tables.js';

/** An open database: the Kysely handle plus which engine it is, so JSON and DDL can branch. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /**
   * Runs a write transaction through group commit (see write-batcher.ts): writes that arrive together share one
   * commit; `work` may run twice and must touch only the database. Writes with different `key`s (the resource
   * they change) may run at the same time on PostgreSQL; a write without one runs alone.
   */
  write<T>(work: (trx: Transaction<Database>) => Promise<T>, key?: string): Promise<T>;
  /** Runs the reads of resources: quick ones at once, heavy ones off the event loop within the time budget (see reader.ts). */
  reader: Reader;
  /** With background checkpoints: checkpoints the WAL now, off the event loop (what it did, or undefined). */
  checkpoint?(): Promise<CheckpointResult | undefined>;
  /** Reports a pooled PostgreSQL connection that died while idle (terminated, server restarted); the pool has dropped it. */
  onConnectionLost(listener: (err: Error) => void): void;
  /** True when the database answers a trivial query now: the server's readiness. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Options of openDatabase. */
export interface OpenOptions {
  /** Most PostgreSQL connections at once. */
  poolSize?: number;
  /** How long a write waits for SQLite's write lock held by another process before it fails (503); default 5,000 ms. */
  lockWaitMs?: number;
  /** The time budget of heavy reads and how many run at once (see open-reader.ts). */
  reads?: ReadLimits;
  /** SQLite: checkpoint the WAL on a worker thread instead of inside commits (a server; see sqlite-checkpointer.ts). */
  backgroundCheckpoints?: boolean;
}

/** How long a new PostgreSQL connection may take before the request fails with 503 (an unreachable host would hang forever). */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/** The default wait for SQLite's write lock, in milliseconds. */
export const DEFAULT_LOCK_WAIT_MS = 5_000;


// Hands Kysely the pool with one difference: a connection that cannot be opened (server down, refusing
// connections, unreachable) fails as DatabaseUnavailable, which the server answers with 503.
function unavailableWhenUnreachable(pool: pg.Pool) {
  return {
    connect: async () => {
      try {
        return await pool.connect();
      } catch (err) {
        throw new DatabaseUnavailable('The database cannot be reached; try again shortly.', RETRY_AFTER_UNREACHABLE_S, err);
      }
    },
    end: () => pool.end(),
  };
}

/** True when a database setting names PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens a SQLite file (created with its folder if missing) or a postgres:// URL, and migrates it to the latest schema. */
export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Db> {
  let kysely: Kysely<Database>;
  let dialect: DialectName;
  let sqlite: SqliteDatabase.Database | undefined;
  const lost: ((err: Error) => void)[] = [];
  const lockWaitMs = opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  let openReader: () => Reader;
  let checkpointer: SqliteCheckpointer | undefined;
  let overlap: Overlap | undefined;
  if (isPostgresUrl(url)) {
    dialect = 'postgres';
    const poolSize = opts.poolSize ?? 10;
    // Loaded only for PostgreSQL: the CLI on a SQLite file starts faster without it.
    const pgDriver = loadPg();
    // pg returns int8 (COUNT, bigint) as strings by default; our sequence numbers fit a JS number.
    pgDriver.types.setTypeParser(20, (v) => Number(v));
    // Write statements that repeat are named, so each connection parses and plans them once (postgres-prepared-writes.ts).
    const Client = clientWithPreparedWrites(pgDriver.Client, new PreparedWriteNames());
    // Pipeline mode: a connection writes each statement as soon as it has one, without waiting for the answer
    // to the one before, so the writes a batch overlaps (overlapping-transaction.ts) share round trips.
    // A connection used one statement at a time behaves as without it.
    const pool = new pgDriver.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, keepAlive: true, pipeline: true, Client });
    // An idle connection that dies (pg_terminate_backend, a restart, a failover) is an 'error' event of the
    // pool; unheard, it would end the process. The pool has already dropped it: report it, and carry on.
    const report = (err: Error) => {
      if (lost.length) for (const l of lost) l(err);
      else process.stderr.write(`scimkit: a database connection was lost (${err.message}); it is replaced on the next request\n`);
    };
    // Every client reports its own death: idle (the pool drops it; unheard, the pool's 'error' event would end
    // the process) or checked out (terminated mid-query: that query fails with 503, and the pool drops the
    // client when it comes back).
    pool.on('connect', (client) => client.on('error', report));
    pool.on('error', () => undefined);
    const reachable = unavailableWhenUnreachable(pool);
    const pgDialect = new PostgresDialect({ pool: reachable });
    kysely = new Kysely<Database>({ dialect: pgDialect });
    overlap = (trx) => overlappingTransaction(trx, pgDialect);
    // Reads share the pool and its 503 for a database out of reach.
    openReader = () => openPostgresReader(reachable, poolSize, opts.reads);
  } else {
    dialect = 'sqlite';
    const file = url.replace(/^sqlite:(\/\/)?/i, '');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // Migrations at start may wait for the lock (blocking is harmless before serving); see below for after.
    sqlite.pragma(`busy_timeout = ${lockWaitMs}`);
    sqlite.pragma('cache_size = -65536');
    // A write in its own savepoint (a group commit after a failure) copies the original of every page it
    // changes to a sub-journal: in memory, not in a temporary file (a write call per page). Measured on a
    // create: the resources insert 80 -> 44 µs, the tenant's sequence update 37 -> 11 µs.
    sqlite.pragma('temp_store = MEMORY');
    const main = sqlite;
    kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(main) }, { ms: lockWaitMs, inTransaction: () => main.inTransaction }) });
    // Opened after the migrations below: a read-only connection needs the file (and its WAL) to exist.
    openReader = () => openSqliteReader(file, main, kysely, opts.reads);
    if (opts.backgroundCheckpoints && file !== ':memory:') checkpointer = new SqliteCheckpointer(file, sqlite);
  }
  const result = await migrateToLatest(kysely, dialect);
  if (result.error) {
    await kysely.destroy();
    throw new Error(`database migration failed: ${(result.error as Error).message ?? String(result.error)}`);
  }
  // Without statistics SQLite may pick a worse index for joins (a user's groups); they are gathered where
  // they are missing or stale, which is cheap when they are current.
  if (sqlite) refreshStatistics(sqlite);
  // From here on no statement may wait for SQLite's lock synchronously: better-sqlite3 would block the event
  // loop, and every other request with it. Statements wait for another process's lock in the driver instead
  // (asynchronously, bounded by lockWaitMs: sqlite-dialect.ts); reads do not need the lock under WAL.
  sqlite?.pragma('busy_timeout = 0');
  const batcher = new WriteBatcher(kysely, lockWaitMs, overlap);
  const reader = openReader();
  return {
    kysely,
    dialect,
    write: checkpointer ? (work, key) => batcher.run(work, key).finally(() => checkpointer.wrote()) : (work, key) => batcher.run(work, key),
    reader,
    ...(checkpointer ? { checkpoint: () => checkpointer.checkpoint() } : {}),
    onConnectionLost: (listener) => void lost.push(listener),
    ping: async () => {
      try {
        await sql`SELECT 1`.execute(kysely);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await batcher.idle();
      await checkpointer?.close();
      await reader.close();
      await kysely.destroy();
    },
  };
}
