import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, freePort, runCli, type CliRun } from './support/cli-process.js';

// The real CLI, as users and other teams' scripts run it: `node bin/scimkit.js …` in a child process.
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

type Run = CliRun;
const cli = runCli;

/** Runs a `--json` command that must succeed, and returns its one JSON object. */
async function cliJson(args: string[]): Promise<any> {
  const r = await cli([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

/** A failure must be exactly one `scimkit: …` line on stderr, nothing on stdout, and no stack trace. */
function expectOneLineError(r: Run, code: 1 | 2, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^scimkit: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scimkit-cli-'));
  db = join(dir, 'scimkit.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scimkit CLI', () => {
  it('prints its version and help', async () => {
    const v = await cli(['--version']);
    expect(v).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    for (const cmd of ['serve', 'tenant', 'token']) expect(h.stdout).toContain(cmd);
    const th = await cli(['token', 'create', '--help']);
    expect(th.code).toBe(0);
    for (const flag of ['--tenant', '--name', '--expires', '--db', '--base-url', '--json']) expect(th.stdout).toContain(flag);
  });

  it('rejects an unknown command or option with exit code 2', async () => {
    expectOneLineError(await cli(['frobnicate']), 2, /unknown command 'frobnicate'/);
    expectOneLineError(await cli(['tenant', 'list', '--colour']), 2, /unknown option '--colour'/);
  });

  it('creates and lists tenants and tokens, and revokes a token, in --json mode', { timeout: 60_000 }, async () => {
    const base = 'https://scim.example.com/';
    const tenant = await cliJson(['tenant', 'create', 'Acme Corp', '--db', db, '--base-url', base]);
    expect(tenant).toEqual({ id: expect.any(String), name: 'Acme Corp', scimUrl: `https://scim.example.com/scim/v2/${tenant.id}` });

    const listed = await cliJson(['tenant', 'list', '--db', db, '--base-url', base]);
    expect(listed.tenants).toEqual([{ id: tenant.id, name: 'Acme Corp', scimUrl: tenant.scimUrl, createdAt: expect.any(String) }]);

    // By name, case-insensitively, and by id.
    const t1 = await cliJson(['token', 'create', '--tenant', 'acme corp', '--name', 'okta', '--expires', '30', '--db', db]);
    expect(t1).toMatchObject({ id: expect.any(String), token: expect.stringMatching(/^scimkit_/), tenantId: tenant.id, name: 'okta' });
    const days = (Date.parse(t1.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const t2 = await cliJson(['token', 'create', '--tenant', tenant.id, '--db', db]);
    expect(t2.expiresAt).toBeNull();

    const tokens = await cliJson(['token', 'list', '--tenant', tenant.id, '--db', db]);
    expect(tokens.tokens.map((t: { id: string }) => t.id).sort()).toEqual([t1.id, t2.id].sort());
    for (const t of tokens.tokens) {
      expect(Object.keys(t).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt']);
      expect(JSON.stringify(t)).not.toContain('scimkit_');
    }

    const revoked = await cliJson(['token', 'revoke', t1.id, '--db', db]);
    expect(revoked).toEqual({ id: t1.id, revokedAt: expect.any(String) });
    const after = await cliJson(['token', 'list', '--tenant', 'Acme Corp', '--db', db]);
    expect(after.tokens.find((t: { id: string }) => t.id === t1.id).revokedAt).toBe(revoked.revokedAt);
    expect(after.tokens.find((t: { id: string }) => t.id === t2.id).revokedAt).toBeNull();
  });

  it('tells a person that a new token is shown once and how to send it', async () => {
    await cli(['tenant', 'create', 'Humans', '--db', db]);
    const r = await cli(['token', 'create', '--tenant', 'Humans', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/shown only once/);
    expect(r.stdout).toMatch(/Authorization: Bearer scimkit_/);
    expect(r.stdout).toMatch(/\/scim\/v2\//);
  });

  it('refuses a duplicate tenant name with one line and exit code 1', async () => {
    await cliJson(['tenant', 'create', 'Globex', '--db', db]);
    expectOneLineError(await cli(['tenant', 'create', 'GLOBEX', '--db', db, '--json']), 1, /already exists/);
  });

  it('names an unknown tenant, an unknown token and a bad --expires', async () => {
    expectOneLineError(await cli(['token', 'create', '--tenant', 'Initech', '--db', db]), 1, /no tenant .*"Initech"/);
    expectOneLineError(await cli(['token', 'list', '--tenant', 'Initech', '--db', db, '--json']), 1, /no tenant .*"Initech"/);
    expectOneLineError(await cli(['token', 'revoke', 'AAAAAAAAAAAA', '--db', db]), 1, /no token with id "AAAAAAAAAAAA"/);
    // An id that begins with "-" (made before new ids stopped doing so) reads as an option; after "--" it is an id.
    expectOneLineError(await cli(['token', 'revoke', '-AAAAAAAAAAA', '--db', db]), 2, /unknown option '-AAAAAAAAAAA' \(an id that begins with "-" goes after "--"/);
    expectOneLineError(await cli(['token', 'revoke', '--db', db, '--', '-AAAAAAAAAAA']), 1, /no token with id "-AAAAAAAAAAA"/);
    for (const bad of ['abc', '0', '1.5']) {
      expectOneLineError(await cli(['token', 'create', '--tenant', 'Globex', '--expires', bad, '--db', db]), 2, /--expires/);
    }
  });

  it('reports a database it cannot open or find in one line', async () => {
    const refused = await cli(['tenant', 'list', '--db', 'postgres://postgres:hunter2@127.0.0.1:1/nowhere']);
    expectOneLineError(refused, 1, /cannot open database/);
    expect(refused.stderr).not.toContain('hunter2');
    expectOneLineError(await cli(['tenant', 'list', '--db', join(dir, 'typo.db')]), 1, /no database at/);
    expectOneLineError(await cli(['tenant', 'list', '--db', 'mysql://db/x']), 2, /--db \/ SCIMKIT_DB/);
  });

  it('rejects a bad serve setting with exit code 2, naming the flag', async () => {
    const r = await cli(['serve', '--port', 'abc', '--db', db]);
    expectOneLineError(r, 2, /--port/);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('"abc"');
    expectOneLineError(await cli(['serve', '--db', db], { PORT: '70000' }), 2, /--port \/ PORT .*"70000" \(from PORT\)/);
  });
});

describe('scimkit serve', () => {
  let server: ChildProcessWithoutNullStreams | undefined;
  let out = '';
  let exited: Promise<number | null>;
  const serveDb = () => join(dir, 'serve.db');

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
  });

  it('starts, serves a tenant with a token, refuses a busy port and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--db', serveDb(), '--log-level', 'warn'], { cwd: ROOT, env: cleanEnv() });
    server.stdout.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr.on('data', (d: Buffer) => (out += d.toString()));
    exited = new Promise((resolve) => server!.on('exit', (code) => resolve(code)));

    const listening = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start within 30 s; output:\n${out}`)), 30_000);
      const check = () => {
        const m = /Listening on\s+(http:\/\/\S+)/.exec(out);
        if (m && /Press Ctrl\+C/.test(out)) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      server!.stdout.on('data', check);
      void exited.then((code) => reject(new Error(`serve exited with ${code} before listening; output:\n${out}`)));
    });
    expect(listening).toBe(origin);
    expect(out).toContain(`${origin}/scim/v2/<tenant-id>`);
    expect(out).toContain('serve.db');
    expect(out).toMatch(/scimkit tenant create <name>/);
    expect(out).toMatch(/scimkit token create --tenant <name>/);

    // Tenants and tokens created from another process, while the server runs, work at once.
    const tenant = await cliJson(['tenant', 'create', 'Live', '--db', serveDb(), '--base-url', origin]);
    const { token } = await cliJson(['token', 'create', '--tenant', 'Live', '--db', serveDb()]);
    const res = await fetch(`${tenant.scimUrl}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const unauthenticated = await fetch(`${tenant.scimUrl}/ServiceProviderConfig`);
    expect(unauthenticated.status).toBe(401);

    expectOneLineError(await cli(['serve', '--port', String(port), '--db', serveDb()]), 1, /already in use/);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('Stopped.');
  });
});
