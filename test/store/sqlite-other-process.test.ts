import SqliteDatabase from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAdmin } from '../../src/admin/admin-migrations.js';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { userDoc } from '../support/users.js';

// Another process writing the same SQLite file (the CLI creating a token while the server runs, or a
// second server) must not make the server's writes fail: a transaction that read first and then finds
// the file changed cannot take the write lock, so writes must take it when they begin.
const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO side_writes (at) VALUES (?)');
const until = Date.now() + Number(process.argv[2]);
let n = 0;
while (Date.now() < until) { insert.run(Date.now()); n++; }
process.stdout.write(String(n));
`;

describe.runIf(DIALECTS.includes('sqlite'))('sqlite: writes while another process writes the same file', () => {
  let store: Store;
  let url: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ store, url, dispose } = await openTestStore('sqlite')));
  afterAll(async () => dispose());

  it('every PATCH-style update succeeds while a second process commits in a tight loop', { timeout: 60_000 }, async () => {
    await sql`CREATE TABLE side_writes (at integer)`.execute(store.db.kysely);
    const tenant = (await store.tenants.create('shared-file')).id;
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => store.resources.create(tenant, 'User', userDoc(`p${i}`))));
    const child = spawn(process.execPath, ['-e', WRITER, url, '4000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Wait until the other process is committing before starting.
    for (let i = 0; i < 200; i++) {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM side_writes`.execute(store.db.kysely);
      if (rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const failures: unknown[] = [];
    let done = 0;
    const started = Date.now();
    while (Date.now() - started < 3000) {
      const rounds = users.map((u, i) =>
        store.resources
          .update(tenant, 'User', u.id, (cur) => ({ doc: { ...cur.doc, displayName: `round ${done} ${i}` } }))
          .catch((e: unknown) => failures.push(e)),
      );
      await Promise.all(rounds);
      done++;
      await new Promise((r) => setImmediate(r));
    }
    expect(await exited).toBe(0);
    expect(err).toBe('');
    expect(Number(out)).toBeGreaterThan(100);
    expect(done).toBeGreaterThan(10);
    expect(failures.map((f) => String((f as Error).message ?? f))).toEqual([]);
  });
  it('a domain migration waits for a write lock another process holds (two `serve --workers` starting at once), instead of failing at once', { timeout: 30_000 }, async () => {
    // After start-up the store's connection waits for no lock synchronously (busy_timeout 0), and the admin and
    // provisioning domains migrate after that; another connection holds the write lock for 300 ms meanwhile.
    const other = new SqliteDatabase(url);
    other.exec('BEGIN IMMEDIATE');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        other.exec('COMMIT');
        other.close();
        resolve();
      }, 300),
    );
    const started = Date.now();
    await expect(migrateAdmin(store.db)).resolves.toBeUndefined();
    await released;
    // It did meet the lock: it finished only once the lock was let go.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
