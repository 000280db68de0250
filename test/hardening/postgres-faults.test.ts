import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, PG_ADMIN_URL } from '../support/databases.js';
import { USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, items 1 and 2 on PostgreSQL, against the real server: the server's own connections are terminated
// (idle and mid-query) and its database refuses connections (ALLOW_CONNECTIONS false, on the test's own
// database only). The process must survive, answer 503 with Retry-After while the database is out of reach,
// say so on /readyz, and recover by itself.

const user = (userName: string) => ({ schemas: [USER], userName });

describe.skipIf(!DIALECTS.includes('postgres'))('postgres: losing the database', () => {
  let s: TestServer;
  let admin: pg.Client;
  let dbName: string;

  /** Terminates the server's connections to its database; returns how many there were. */
  async function terminate(where = 'true'): Promise<number> {
    const { rows } = await admin.query(`SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND ${where}`, [dbName]);
    return rows.length;
  }
  async function allowConnections(allow: boolean): Promise<void> {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS ${allow}`);
  }
  const get = (path: string) => fetch(`${s.origin}${path}`);

  beforeAll(async () => {
    s = await startTestServer('postgres');
    dbName = new URL(s.dbUrl).pathname.slice(1);
    admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await allowConnections(true).catch(() => undefined);
    await admin.end();
    await s.close();
  });

  it('idle pooled connections terminated: the process lives on and the next requests succeed on new connections', async () => {
    // What would end a server process: an 'error' event nobody listens to, thrown as an uncaught exception.
    const uncaught: unknown[] = [];
    const seen = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', seen);
    try {
      await idleTermination();
    } finally {
      process.off('uncaughtException', seen);
    }
    expect(uncaught).toEqual([]);
  });

  async function idleTermination(): Promise<void> {
    expect((await s.scim('POST', '/Users', user('before-kill@example.com'))).status).toBe(201);
    expect(await terminate()).toBeGreaterThan(0);
    // Give the pool the moment it takes to hear of the dead connections (its 'error' events).
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 5; i++) {
      const r = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "before-kill@example.com"')}`);
      expect(r.status, r.text).toBe(200);
      expect(r.body.totalResults).toBe(1);
    }
    expect((await s.scim('POST', '/Users', user('after-kill@example.com'))).status).toBe(201);
  }

  it('a connection terminated mid-query: that request gets 503 with Retry-After, nothing of it is kept, the next ones succeed', async () => {
    // Hold the tenant row, so the server's create waits on it inside its transaction; then terminate that backend.
    const holder = new pg.Client({ connectionString: s.dbUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE', [s.tenantId]);
      const pending = s.scim('POST', '/Users', user('mid-query@example.com'));
      let waiting = 0;
      for (let i = 0; i < 100 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        waiting = Number((await admin.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [dbName])).rows[0].n);
      }
      expect(waiting).toBe(1);
      expect(await terminate(`wait_event_type = 'Lock'`)).toBe(1);
      const r = await pending;
      expect(r.status, r.text).toBe(503);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect((await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "mid-query@example.com"')}`)).body.totalResults).toBe(0);
    expect((await s.scim('POST', '/Users', user('mid-query@example.com'))).status).toBe(201);
  });

  it('database refusing connections: SCIM requests get 503 + Retry-After, /readyz says not ready, /healthz stays up; it recovers without a restart', async () => {
    expect((await get('/readyz')).status).toBe(200);
    await allowConnections(false);
    try {
      await terminate();
      await new Promise((r) => setTimeout(r, 200));
      for (const r of [await s.scim('GET', '/Users'), await s.scim('POST', '/Users', user('while-down@example.com'))]) {
        expect(r.status, r.text).toBe(503);
        expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
        expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBeTruthy();
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      await allowConnections(true);
    }
    expect((await get('/readyz')).status).toBe(200);
    expect((await s.scim('POST', '/Users', user('after-outage@example.com'))).status).toBe(201);
    expect((await s.scim('GET', '/Users?count=1')).status).toBe(200);
  });
});
