import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  sql,
  type RawBuilder,
} from 'kysely';
import type { DialectName } from './dialect.js';
import type { Statement } from './reader.js';
import { SqliteCastLimitCompiler } from './sqlite-dialect.js';

// Kysely instances that only compile (their driver never connects), so SQL can be built without a database.
const compilers: Record<DialectName, Kysely<unknown>> = {
  sqlite: new Kysely({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteCastLimitCompiler(),
    },
  }),
  postgres: new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

/** Compiles a Kysely `sql` fragment into a statement of the given database's syntax, with its parameters. */
export function compileStatement(dialect: DialectName, query: RawBuilder<unknown>): Statement {
  const c = query.compile(compilers[dialect]);
  return { sql: c.sql, parameters: c.parameters };
}

/** The SQL text of a fragment that binds no parameters (it is spliced into fixed statement texts). */
export function compileRaw(dialect: DialectName, fragment: RawBuilder<unknown>): string {
  const s = compileStatement(dialect, fragment);
  if (s.parameters.length) throw new Error('compileRaw: the fragment binds parameters');
  return s.sql;
}

/**
 * A row count or offset for the LIMIT and OFFSET of hand-written statements, cast so that SQLite does not
 * prepare the statement again each time it is bound (see SqliteCastLimitCompiler); the same on PostgreSQL.
 */
export function rowCount(n: number): RawBuilder<number> {
  return sql<number>`CAST(${n} AS BIGINT)`;
}

/** The same as statement text, around a placeholder (`?` or `$n`), for the fixed statements built as strings. */
export function rowCountText(placeholder: string): string {
  return `CAST(${placeholder} AS BIGINT)`;
}
