// The worker thread that checkpoints a SQLite database's WAL for a server (see sqlite-checkpointer.ts):
// copying a batch of committed pages back into the database file took more time than the commit itself,
// and on the event loop it held up every request. A PASSIVE checkpoint takes no lock that writers or
// readers wait for; pages still in use by a reader are simply copied by a later one.
//
// Plain JavaScript on purpose, as sqlite-read-worker.js: it starts without the TypeScript loader.
//
// Messages in:  { id }   checkpoint now
// Messages out: { ready: true } once, then { id, log, checkpointed } or { id, error }
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
parentPort.postMessage({ ready: true });

parentPort.on('message', (m) => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ id: m.id, log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
