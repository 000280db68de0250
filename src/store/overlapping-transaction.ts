import { Transaction, type ControlledTransaction, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import type { Database } from './tables.js';

// Kysely's Transaction takes its dialect and driver with its executor. The writes given this view only build
// and run statements; beginning, committing and rolling back stay with the transaction it was made from.
const NO_DRIVER: Driver = {
  init: refuse,
  acquireConnection: refuse,
  beginTransaction: refuse,
  commitTransaction: refuse,
  rollbackTransaction: refuse,
  releaseConnection: refuse,
  destroy: refuse,
};

function refuse(): never {
  throw new Error('an overlapping view of a transaction cannot begin, end or release it');
}

/**
 * A view of a PostgreSQL transaction whose statements go to its connection at once. Kysely hands a
 * transaction's connection to one statement at a time, so each waits for the answer to the one before;
 * with pg's pipeline mode (database.ts) the statements of this view are written one behind the other and
 * PostgreSQL answers them in order. The group commit (write-batcher.ts) gives it to writes of different
 * resources, so that a batch costs about one round trip instead of one per statement.
 */
export async function overlappingTransaction(trx: ControlledTransaction<Database>, dialect: Dialect): Promise<Transaction<Database>> {
  let connection: DatabaseConnection | undefined;
  // The connection stays the transaction's until it commits or rolls back; this only looks it up.
  await trx.getExecutor().provideConnection(async (c) => {
    connection = c;
  });
  const executor = trx.getExecutor().withConnectionProvider({ provideConnection: (consume) => consume(connection!) });
  return new Transaction<Database>({ config: { dialect }, driver: NO_DRIVER, dialect, executor });
}
