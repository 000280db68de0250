import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, SqliteQueryCompiler, type DatabaseConnection, type DialectAdapter, type Driver, type LimitNode, type OffsetNode, type QueryCompiler, type QueryResult, type SqliteDialectConfig } from 'kysely';
import { isSqliteBusy } from './dialect.js';

/** How the driver waits for a write lock that another process of the same file holds. */
export interface LockWait {
  /** The longest wait, in milliseconds, before the statement fails with SQLite's "database is locked". */
  ms: number;
  /** Whether the connection is inside a transaction: a statement there is never retried on its own. */
  inTransaction: () => boolean;
}

/**
 * A connection whose statements, outside a transaction, wait asynchronously for another process's write
 * lock. After start-up the connection's busy timeout is 0, since a synchronous wait would block the event
 * loop; without this, a write by the provisioning engine (which writes through Kysely, not the write
 * batcher) failed at once with "database is locked" whenever the CLI, a test or a second worker was
 * writing the same file. A statement refused with SQLITE_BUSY did nothing, so running it again is safe;
 * `BEGIN IMMEDIATE` is such a statement, so transactions wait for the lock the same way.
 */
class LockWaitingConnection implements DatabaseConnection {
  constructor(private readonly inner: DatabaseConnection, private readonly wait: LockWait) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // The clock is read at the first refusal only: nearly every statement succeeds at once, and none waits
    // synchronously (busy timeout 0 once the store is open), so the refusal comes when the statement started.
    let deadline: number | undefined;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (error) {
        if (!isSqliteBusy(error) || this.wait.inTransaction()) throw error;
        deadline ??= Date.now() + this.wait.ms;
        if (Date.now() + pause > deadline) throw error;
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

// Kysely's driver begins transactions DEFERRED: they read first under a snapshot, and when another
// process (the CLI creating a token, a second server) commits before they write, SQLite refuses the
// upgrade to a write lock at once ("database is locked"; no wait can help). Beginning IMMEDIATE takes
// the write lock first, waiting for it as every statement does (LockWaitingConnection).
class ImmediateSqliteDriver extends SqliteDriver {
  private waiting: LockWaitingConnection | undefined;

  constructor(settings: SqliteDialectConfig, private readonly wait: LockWait) {
    super(settings);
  }

  // Kysely's SQLite driver has one connection behind a mutex; releasing it ignores which object is handed back.
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    return (this.waiting ??= new LockWaitingConnection(connection, this.wait));
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite's query compiler, with every LIMIT and OFFSET value wrapped in a CAST. SQLite (3.46 and later)
 * reads the value bound to a bare `LIMIT ?` while planning and marks the statement to be prepared again
 * whenever that parameter is bound, so a cached statement was compiled anew on every run: about 60 µs of a
 * 20 µs lookup. A cast is opaque to that check and binds the same number.
 */
export class SqliteCastLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    this.append('limit cast(');
    this.visitNode(node.limit);
    this.append(' as bigint)');
  }

  protected override visitOffset(node: OffsetNode): void {
    this.append('offset cast(');
    this.visitNode(node.offset);
    this.append(' as bigint)');
  }
}

// Kysely runs SQLite migrations outside a transaction and without a lock (its adapter assumes one
// connection, one process). Two processes migrating one new file at once (two `serve --workers` workers,
// a server and the CLI) then both read that nothing had run, both ran the same migration, and the second
// failed recording it ("UNIQUE constraint failed"). SQLite's DDL is transactional: with this adapter the
// migrator reads what ran and runs the rest in one transaction, which begins IMMEDIATE (the driver below),
// so a second process waits for the first to commit and then finds nothing left to run.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's SQLite dialect whose transactions take the write lock when they begin, and whose statements wait
 * (asynchronously, up to `wait.ms`) for another process's write lock, so writes survive other writers of the file.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig, private readonly wait: LockWait) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings, this.wait);
  }

  override createQueryCompiler(): QueryCompiler {
    return new SqliteCastLimitCompiler();
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
