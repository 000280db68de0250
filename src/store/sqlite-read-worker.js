// A worker thread of the SQLite heavy-read pool (see sqlite-reader.ts). It holds its own read-only
// connection to the database file, which WAL lets read beside the server's writer, and runs the
// statements the event loop sends, one job (a read transaction) at a time.
//
// Plain JavaScript on purpose: a worker thread starts without the TypeScript loader, from the sources
// and from the built files alike. It imports nothing of scimkit.
//
// Messages in:  { id, sql, parameters, budgetMs? }  a statement; budgetMs opens a job (and its transaction)
//               { end: true }                       closes the job's transaction
// Messages out: { ready: true } once, then { id, rows } or { id, error: { message, code, overBudget } }
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const OVER_BUDGET = 'scimkit: read over its time budget';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma(`cache_size = -${workerData.cacheKiB}`);
if (workerData.mmapBytes) db.pragma(`mmap_size = ${workerData.mmapBytes}`);

let deadline = Infinity;
let calls = 0;
// Called by heavy statements once per row they visit: past the deadline it fails the statement, so a
// runaway scan stops where it is instead of running to its end. Reading the clock every 64th call
// keeps the cost near nothing (tens of nanoseconds a row).
db.function(workerData.budgetFunction, { deterministic: false }, () => {
  if ((++calls & 63) === 0 && Date.now() > deadline) throw new Error(OVER_BUDGET);
  return 1;
});

const statements = new Map();
function prepare(sql) {
  let s = statements.get(sql);
  if (!s) {
    if (statements.size >= 200) statements.delete(statements.keys().next().value);
    s = db.prepare(sql);
    statements.set(sql, s);
  }
  return s;
}

// Ready: the connection is open, so the time budget of the first job starts now, not while the thread starts.
parentPort.postMessage({ ready: true });

parentPort.on('message', (m) => {
  if (m.end) {
    deadline = Infinity;
    if (db.inTransaction) db.exec('COMMIT');
    return;
  }
  try {
    if (m.budgetMs !== undefined) {
      deadline = Date.now() + m.budgetMs;
      if (!db.inTransaction) db.exec('BEGIN');
    }
    parentPort.postMessage({ id: m.id, rows: prepare(m.sql).all(...m.parameters) });
  } catch (err) {
    const overBudget = err instanceof Error && err.message === OVER_BUDGET;
    parentPort.postMessage({ id: m.id, error: { message: err instanceof Error ? err.message : String(err), code: err?.code, overBudget } });
  }
});
