/**
 * How the store reads. A read is a plan: a generator that yields SQL statements one at a time and
 * receives each one's rows, so the same plan runs synchronously inside a shared SQLite read
 * transaction, statement by statement on a worker thread, or over the PostgreSQL pool.
 */

/** One SQL statement with its bound parameters; `name` marks a fixed statement text worth preparing once per connection. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
  name?: string;
  /**
   * Set on a fixed statement that reads arriving together may share (PostgreSQL runs them as one, see
   * postgres-shared-reads.ts): the output columns its rows are ordered by, or '' when it returns at most one
   * row. Its parameters must all be strings or numbers.
   */
  sharedOrder?: string;
}

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/** A read, step by step: yield a statement, receive its rows, return the result. */
export type ReadPlan<T> = Generator<Statement, T, Row[]>;

/** Where reads run; one per open database. */
export interface Reader {
  /**
   * A bounded read (index seeks that return a handful of rows: a lookup by userName, a read by id). It runs
   * at once: on SQLite on the event loop, sharing one read transaction with the reads that arrived together.
   */
  quick<T>(plan: () => ReadPlan<T>): Promise<T>;
  /**
   * A read whose cost grows with the tenant's data (scans, sorts, counts, big member lists). It runs off the
   * event loop, at most a few at a time per tenant, and fails with 400 tooMany past the time budget.
   */
  heavy<T>(tenantId: string, plan: () => ReadPlan<T>): Promise<T>;
  /** Whether heavy statements must call `scimkit_within_budget()` per row (SQLite), or the database enforces the budget itself. */
  readonly budgetFunction: boolean;
  /** Heavy reads running and waiting now, over all tenants: for diagnostics and tests. */
  heavyReads(): { running: number; waiting: number };
  close(): Promise<void>;
}

/** The SQL function a heavy SQLite statement calls once per visited row; it fails the statement past the time budget. */
export const BUDGET_FUNCTION = 'scimkit_within_budget';

/** Runs a plan against a synchronous executor (better-sqlite3). */
export function runPlanSync<T>(plan: ReadPlan<T>, exec: (s: Statement) => Row[]): T {
  let step = plan.next();
  while (!step.done) step = plan.next(exec(step.value));
  return step.value;
}

/** Runs a plan against an asynchronous executor (a worker thread, the PostgreSQL pool). */
export async function runPlanAsync<T>(plan: ReadPlan<T>, exec: (s: Statement) => Promise<Row[]>): Promise<T> {
  let step = plan.next();
  while (!step.done) step = plan.next(await exec(step.value));
  return step.value;
}

/** A plan of one statement whose rows are the result. */
export function* rowsOf(s: Statement): ReadPlan<Row[]> {
  return yield s;
}
