import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/data/store.js';
import { memberMatcher } from '../src/server/member-matcher.js';
import { BIN, ROOT, cleanEnv, freePort } from './support/cli-process.js';
import { DIALECTS, freshDatabase } from './support/databases.js';

const dir = mkdtempSync(join(tmpdir(), 'scimkit-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cliJson(args: string[]): { id: string; token: string; scimUrl: string } {
  return JSON.parse(execFileSync(process.execPath, [BIN, ...args, '--json'], { cwd: ROOT, env: cleanEnv() }).toString());
}

// The worker processes of a server (tsx may run a helper process of its own beside them).
function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'scimkit.js']).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: scimkit serve --workers`, () => {
    let server: ChildProcessWithoutNullStreams | undefined;
    afterEach(() => {
      if (server && server.exitCode === null) server.kill('SIGKILL');
    });

    it('runs two worker processes on one port that share one directory, and stops them all on SIGTERM', { timeout: 120_000 }, async () => {
      const db = await freshDatabase(dialect);
      const url = dialect === 'sqlite' ? join(dir, 'workers.db') : db.url;
      const port = await freePort();
      let out = '';
      server = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--db', url, '--workers', '2', '--log-level', 'warn'], { cwd: ROOT, env: cleanEnv() });
      server.stdout.on('data', (d: Buffer) => (out += d.toString()));
      server.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => server!.on('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve --workers 2 did not start within 60 s; output:\n${out}`)), 60_000);
        server!.stdout.on('data', () => {
          if (/Press Ctrl\+C/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code} before listening; output:\n${out}`)));
      });
      expect(out).toContain('Workers        2 processes');
      const workers = childPids(server.pid!);
      expect(workers).toHaveLength(2);

      const tenant = cliJson(['tenant', 'create', 'Shared', '--db', url, '--base-url', `http://127.0.0.1:${port}`]);
      const { token } = cliJson(['token', 'create', '--tenant', 'Shared', '--db', url]);
      // 40 creates at once on separate connections, so both workers take some; every userName is sent twice.
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fetch(`${tenant.scimUrl}/Users`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', connection: 'close' },
            body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `w${i % 20}@example.com` }),
          }).then(async (r) => (await r.arrayBuffer(), r.status)),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(20);
      expect(statuses.filter((s) => s === 409)).toHaveLength(20);

      // A worker that dies is replaced, and the server keeps answering.
      process.kill(workers[0]!, 'SIGKILL');
      let now = childPids(server.pid!);
      for (let i = 0; i < 300 && (now.length !== 2 || now.includes(workers[0]!)); i++) {
        await new Promise((r) => setTimeout(r, 50));
        now = childPids(server.pid!);
      }
      expect(now).toHaveLength(2);
      expect(now).not.toContain(workers[0]);
      const notice = new RegExp(`worker ${workers[0]} exited \\(SIGKILL\\); starting another`);
      for (let i = 0; i < 100 && !notice.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(notice);
      const after = await fetch(`${tenant.scimUrl}/Users?filter=${encodeURIComponent('userName eq "w3@example.com"')}`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await after.json()) as { totalResults: number }).totalResults).toBe(1);

      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('Stopped.');
      for (const pid of [...workers, ...now]) expect(() => process.kill(pid, 0)).toThrow();

      // What both processes wrote forms one gap-free change feed.
      const store = await openStore(url, { matchMember: memberMatcher });
      try {
        const page = await store.resources.changesSince(tenant.id, 0, 100);
        expect(page.changes.map((c) => c.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
}

describe.runIf(DIALECTS.includes('sqlite'))('sqlite: scimkit serve --workers and Ctrl+C', () => {
  it('stops every process when the whole process group gets SIGINT, replacing none', { timeout: 90_000 }, async () => {
    const port = await freePort();
    let out = '';
    // Its own process group, as a terminal gives it: Ctrl+C signals every process of the group.
    const server = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--db', join(dir, 'ctrl-c.db'), '--workers', '2', '--log-level', 'warn'], {
      cwd: ROOT,
      env: cleanEnv(),
      detached: true,
    });
    server.stdout.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !/Press Ctrl\+C/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('Workers        2 processes');
      const workers = childPids(server.pid!);
      expect(workers).toHaveLength(2);
      process.kill(-server.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('Stopped.');
      expect(out).not.toContain('starting another');
      for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      if (server.exitCode === null) process.kill(-server.pid!, 'SIGKILL');
    }
  });
});

describe.runIf(DIALECTS.includes('sqlite'))('sqlite: scimkit serve --workers on a busy port', () => {
  it('exits 1 with the one-line reason a worker could not listen', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      let status = 0;
      let stderr = '';
      try {
        execFileSync(process.execPath, [BIN, 'serve', '--port', String(port), '--db', join(dir, 'busy.db'), '--workers', '2', '--log-level', 'warn'], { cwd: ROOT, env: cleanEnv(), stdio: 'pipe' });
      } catch (e) {
        const err = e as { status: number; stderr: Buffer };
        status = err.status;
        stderr = err.stderr.toString();
      }
      expect(status).toBe(1);
      expect(stderr).toMatch(/^scimkit: cannot listen on 127\.0\.0\.1:\d+: the port is already in use/m);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});

describe('scimkit serve --workers, bad values', () => {
  it('refuses a worker count that is not a whole number from 1 to 64, naming the flag', () => {
    for (const bad of ['0', '65', 'two']) {
      let stderr = '';
      let code = 0;
      try {
        execFileSync(process.execPath, [BIN, 'serve', '--workers', bad, '--db', join(dir, 'x.db')], { cwd: ROOT, env: cleanEnv(), stdio: 'pipe' });
      } catch (e) {
        const err = e as { status: number; stderr: Buffer };
        code = err.status;
        stderr = err.stderr.toString();
      }
      expect(code).toBe(2);
      expect(stderr).toMatch(/--workers \/ SCIMKIT_WORKERS must be a whole number of server processes from 1 to 64/);
    }
  });
});
