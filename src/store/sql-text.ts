import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type RawBuilder,
} from 'kysely';
import type { DialectName } from './dialect.js';
import type { Statement } from './reader.js';

// Kysely instances that only compile (their driver never connects), so SQL can be built without a database.
const compilers: Record<DialectName, Kysely<unknown>> = {
  sqlite: new Kysely({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
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
