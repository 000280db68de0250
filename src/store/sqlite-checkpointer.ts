import type SqliteDatabase from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** How many writes pass between two checkpoints: about SQLite's own default of 1,000 WAL pages at a few pages a write. */
export const WRITES_PER_CHECKPOINT = 256;

/** What the last checkpoint found: WAL frames in all, and how many of them are now in the database file. */
export interface CheckpointResult {
  log: number;
  checkpointed: number;
}

/**
 * Moves a server's WAL checkpoints off the event loop: the write connection stops checkpointing by itself
 * (it did so inside a commit, about every fifth batch of creates, at a cost of 135 µs a create), and every
 * WRITES_PER_CHECKPOINT writes a worker thread with its own connection checkpoints instead. If that thread
 * fails, the write connection checkpoints by itself again, so the WAL never grows without bound.
 */
export class SqliteCheckpointer {
  private worker: Worker | undefined;
  private writes = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: CheckpointResult | undefined) => void>();
  private stopped = false;

  constructor(private readonly file: string, private readonly main: SqliteDatabase.Database) {
    main.pragma('wal_autocheckpoint = 0');
  }

  /** Counts a committed write; every WRITES_PER_CHECKPOINT of them asks for a checkpoint. */
  wrote(): void {
    if (++this.writes % WRITES_PER_CHECKPOINT === 0) void this.checkpoint();
  }

  /** Asks for a checkpoint now; resolves with what it did, or undefined when the thread is gone. */
  checkpoint(): Promise<CheckpointResult | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      w.postMessage({ id });
    });
  }

  /** Stops the thread; the last connection to close checkpoints what is left. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), { workerData: { file: this.file } });
    worker.unref();
    worker.on('message', (m: { ready?: true; id: number; log?: number; checkpointed?: number; error?: string }) => {
      if (m.ready) return;
      const done = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      done?.(m.error === undefined ? { log: m.log!, checkpointed: m.checkpointed! } : undefined);
    });
    const fail = () => {
      if (this.worker === worker) this.worker = undefined;
      for (const done of this.waiting.values()) done(undefined);
      this.waiting.clear();
      // Without its checkpointer, the write connection checkpoints by itself again (SQLite's default).
      if (!this.stopped) {
        this.stopped = true;
        this.main.pragma('wal_autocheckpoint = 1000');
      }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }
}
