import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore } from '../../src/data/store.js';
import { BIN, ROOT, cleanEnv, freePort } from '../support/cli-process.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';
import { USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 8: the audit trail is as durable as the data. Every acknowledged write has its record after
// a kill -9, and a record that cannot be written fails its request instead of vanishing.

const dir = mkdtempSync(join(tmpdir(), 'scimkit-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `scimkit serve` as users run it and resolves once it listens. */
async function serve(url: string, port: number): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--db', url, '--rate-limit', '0', '--log-level', 'warn'], { cwd: ROOT, env: cleanEnv() });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start; output:\n${out}`)), 60_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      if (/Press Ctrl\+C/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}; output:\n${out}`)));
  });
  return child;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: audit records are as durable as the changes they record`, () => {
    let server: ChildProcessWithoutNullStreams | undefined;
    afterEach(() => {
      if (server && server.exitCode === null) server.kill('SIGKILL');
    });

    it('kill -9 under a stream of creates: every acknowledged create has its audit record', { timeout: 120_000 }, async () => {
      const db = await freshDatabase(dialect);
      const url = dialect === 'sqlite' ? join(dir, `kill-${Date.now()}.db`) : db.url;
      const setup = await openStore(url, { matchMember: memberMatcher });
      const tenant = await setup.tenants.create('Durable');
      const { token } = await setup.tokens.create(tenant.id, { name: 'load' });
      await setup.close();

      const port = await freePort();
      server = await serve(url, port);
      const base = `http://127.0.0.1:${port}/scim/v2/${tenant.id}`;
      const acknowledged: string[] = [];
      let stop = false;
      const client = async (c: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await fetch(`${base}/Users`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
              body: JSON.stringify({ schemas: [USER], userName: `u${c}-${i}@example.com` }),
            });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
            // Kill the moment an answer arrives: whatever was acknowledged just now must already be durable.
            if (acknowledged.length >= 150 && !stop) {
              stop = true;
              server!.kill('SIGKILL');
            }
          } catch {
            return; // the server is gone
          }
        }
      };
      const clients = Array.from({ length: 16 }, (_, c) => client(c));
      await Promise.all(clients);

      const after = await openStore(url, { matchMember: memberMatcher });
      try {
        const rows = await after.db.kysely.selectFrom('audit_log').select(['resource_id', 'status', 'method']).where('tenant_id', '=', tenant.id).execute();
        const recorded = new Set(rows.filter((r) => r.status === 201 && r.method === 'POST').map((r) => r.resource_id));
        const missing = acknowledged.filter((id) => !recorded.has(id));
        expect(acknowledged.length).toBeGreaterThanOrEqual(150);
        expect(missing).toEqual([]);
        // And no record claims a create that is not there.
        const users = new Set((await after.db.kysely.selectFrom('resources').select('id').where('tenant_id', '=', tenant.id).execute()).map((r) => r.id));
        expect([...recorded].filter((id) => !users.has(id!))).toEqual([]);
      } finally {
        await after.close();
        await db.drop();
      }
    });
  });

  describe(`${dialect}: a record that cannot be written fails its request`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      // A fault of the database's own: every insert into the audit trail is refused from now on.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END`.execute(s.store.db.kysely);
      } else {
        await sql`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`.execute(s.store.db.kysely);
        await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`.execute(s.store.db.kysely);
      }
    });
    afterAll(async () => s.close());

    it('a create whose record fails is not acknowledged, and is not kept', async () => {
      const r = await s.scim('POST', '/Users', { schemas: [USER], userName: 'unrecorded@example.com' });
      expect(r.status).toBe(500);
      expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500' });
      const found = await s.store.db.kysely.selectFrom('resources').select('id').where('tenant_id', '=', s.tenantId).execute();
      expect(found).toEqual([]);
    });

    it('a failed write whose record fails is answered with that error, not with its own 4xx', async () => {
      const r = await s.scim('DELETE', '/Users/does-not-exist');
      expect(r.status).toBe(500);
    });

    it('reads are not audited, so they go on', async () => {
      expect((await s.scim('GET', '/Users')).status).toBe(200);
    });
  });
}
