/** The two databases scimkit runs on; queries are shared, DDL and JSON access branch on this. */
export type DialectName = 'sqlite' | 'postgres';

/** True for a unique-constraint violation on either database, mapped in this one place to SCIM 409 uniqueness. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  return !!e && (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505');
}

/**
 * True for PostgreSQL serialization failures and deadlocks, which are safe to retry. (SQLite's busy is not:
 * the write batcher has already waited the allowed time for the lock, asynchronously, before giving up.)
 */
export function isRetryableConflict(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * The database cannot serve the request now, through no fault of the request: PostgreSQL is down, refuses
 * connections or cut one mid-query, or another process holds SQLite's write lock past the wait allowed.
 * The server answers 503 with Retry-After; nothing of the request was committed.
 */
export class DatabaseUnavailable extends Error {
  constructor(
    message: string,
    /** How long a client should wait before trying again, in seconds. */
    readonly retryAfterSeconds: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DatabaseUnavailable';
  }
}

/** How long clients are asked to wait while PostgreSQL cannot be reached. */
export const RETRY_AFTER_UNREACHABLE_S = 5;
/** How long clients are asked to wait when another process held SQLite's write lock too long. */
export const RETRY_AFTER_LOCKED_S = 2;

// PostgreSQL SQLSTATEs that mean the connection or the server is gone, not that the statement was wrong:
// class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
const PG_GONE = /^(08...|57P0[123]|53300)$/;
const NET_GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const PG_GONE_TEXT = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i;

/** True for SQLite's "database is locked" (another connection holds the lock this statement needs). */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Classifies a driver error once: a DatabaseUnavailable (kept or made) when the database is out of reach, else undefined. */
export function unavailableOf(err: unknown): DatabaseUnavailable | undefined {
  if (err instanceof DatabaseUnavailable) return err;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  if (isSqliteBusy(err)) return new DatabaseUnavailable('The database is locked by another process; try again shortly.', RETRY_AFTER_LOCKED_S, err);
  if (PG_GONE.test(code) || NET_GONE.has(code) || (typeof e.message === 'string' && PG_GONE_TEXT.test(e.message))) {
    return new DatabaseUnavailable('The database cannot be reached; try again shortly.', RETRY_AFTER_UNREACHABLE_S, err);
  }
  if (err instanceof AggregateError) return err.errors.map(unavailableOf).find((x) => x !== undefined);
  return undefined;
}
