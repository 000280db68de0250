import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

// Kysely's driver begins transactions DEFERRED: they read first under a snapshot, and when another
// process (the CLI creating a token, a second server) commits before they write, SQLite refuses the
// upgrade to a write lock at once ("database is locked"; the busy timeout cannot help). Beginning
// IMMEDIATE takes the write lock first, waiting up to the busy timeout for it.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
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
}
