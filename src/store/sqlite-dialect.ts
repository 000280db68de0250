import { CompiledQuery, SqliteDialect, SqliteDriver, SqliteQueryCompiler, type DatabaseConnection, type Driver, type LimitNode, type OffsetNode, type QueryCompiler, type SqliteDialectConfig } from 'kysely';

// Kysely's driver begins transactions DEFERRED: they read first under a snapshot, and when another
// process (the CLI creating a token, a second server) commits before they write, SQLite refuses the
// upgrade to a write lock at once ("database is locked"; the busy timeout cannot help). Beginning
// IMMEDIATE takes the write lock first, waiting up to the busy timeout for it.
class ImmediateSqliteDriver extends SqliteDriver {
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

/** Kysely's SQLite dialect whose transactions take the write lock when they begin, so writes survive other writers of the file. */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }

  override createQueryCompiler(): QueryCompiler {
    return new SqliteCastLimitCompiler();
  }
}
