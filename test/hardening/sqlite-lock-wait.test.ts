import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ROOT } from '../support/cli-process.js';
import { USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 2 on SQLite: while another process holds the write lock (the CLI, a backup, a second
// server), a write waits at most the configured lock wait, asynchronously, then gets 503 with Retry-After;
// reads keep answering meanwhile (WAL), and writes succeed again once the lock is released.

const LOCK_WAIT_MS = 400;

/** Another process that takes the file's write lock (BEGIN IMMEDIATE) and holds it until told to let go. */
function holdWriteLock(file: string): Promise<{ release(): Promise<void>; child: ChildProcessWithoutNullStreams }> {
  const script = `
    const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stderr.on('data', (d) => reject(new Error(String(d))));
    child.stdout.once('data', () =>
      resolve({
        child,
        release: () => new Promise((done) => (child.once('exit', () => done()), child.stdin.write('go\n'))),
      }),
    );
  });
}

describe.skipIf(!DIALECTS.includes('sqlite'))('sqlite: a write lock held by another process', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('sqlite', { lockWaitMs: LOCK_WAIT_MS });
  });
  afterAll(async () => s.close());

  it('writes get 503 with Retry-After after the bounded wait, reads keep working, and writes succeed once the lock is free', async () => {
    expect((await s.scim('POST', '/Users', { schemas: [USER], userName: 'before-lock@example.com' })).status).toBe(201);
    const lock = await holdWriteLock(s.dbUrl);
    try {
      const started = Date.now();
      const write = s.scim('POST', '/Users', { schemas: [USER], userName: 'during-lock@example.com' });
      // While the write waits for the lock, reads are answered (the event loop is not blocked by the wait).
      const readStarted = Date.now();
      const read = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "before-lock@example.com"')}`);
      expect(read.status).toBe(200);
      expect(read.body.totalResults).toBe(1);
      const readMs = Date.now() - readStarted;
      const w = await write;
      const writeMs = Date.now() - started;
      expect(readMs).toBeLessThan(writeMs);
      expect(w.status, w.text).toBe(503);
      expect(w.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(w.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
      expect(Number(w.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // It waited for the lock, and not much longer than the configured wait (today: 20 s and more).
      expect(writeMs).toBeGreaterThanOrEqual(LOCK_WAIT_MS - 50);
      expect(writeMs).toBeLessThan(LOCK_WAIT_MS + 3_000);
    } finally {
      await lock.release();
    }
    const after = await s.scim('POST', '/Users', { schemas: [USER], userName: 'during-lock@example.com' });
    expect(after.status, after.text).toBe(201);
  });
});
