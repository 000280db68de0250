import SqliteDatabase from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import { WriteBatcher } from './write-batcher.js';
import type { Database } from './tables.js';

/** An open database: the Kysely handle plus which engine it is, so JSON and DDL can branch. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Runs a write transaction through group commit (see write-batcher.ts): writes that arrive together share one commit. */
  write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// pg returns int8 (COUNT, bigint) as strings by default; our sequence numbers fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

/** True when a database setting names PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens a SQLite file (created with its folder if missing) or a postgres:// URL, and migrates it to the latest schema. */
export async function openDatabase(url: string, opts: { poolSize?: number } = {}): Promise<Db> {
  let kysely: Kysely<Database>;
  let dialect: DialectName;
  if (isPostgresUrl(url)) {
    dialect = 'postgres';
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const file = url.replace(/^sqlite:(\/\/)?/i, '');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -65536');
    kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  const result = await migrateToLatest(kysely, dialect);
  if (result.error) {
    await kysely.destroy();
    throw new Error(`database migration failed: ${(result.error as Error).message ?? String(result.error)}`);
  }
  // Without statistics SQLite may pick a worse index for joins (a user's groups); `optimize` gathers
  // them where they are missing or stale, and is cheap when they are current.
  if (dialect === 'sqlite') await sql`PRAGMA optimize=0x10002`.execute(kysely);
  const batcher = new WriteBatcher(kysely);
  return {
    kysely,
    dialect,
    write: (work) => batcher.run(work),
    close: async () => {
      await batcher.idle();
      await kysely.destroy();
    },
  };
}
