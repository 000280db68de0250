import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore, type Store } from '../../src/data/store.js';
import { runCli, type CliRun } from '../support/cli-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { userDoc } from '../support/users.js';

// The provisioning commands as an admin types them: a source directory in a SQLite file, the target a
// real scimkit server on loopback, every command a real `node bin/scimkit.js` process.

let dir: string;
let db: string;
let target: TestServer;
const env = { SCIMKIT_SECRET_KEY: 'a-test-secret-key-that-is-long-enough' };
const cli = (args: string[], stdin?: string) => runCli([...args, '--db', db], env, stdin);

async function json(args: string[]): Promise<any> {
  const r = await cli([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function oneLineError(r: CliRun, code: 1 | 2, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stderr).toMatch(/^scimkit: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scimkit-cli-engine-'));
  db = join(dir, 'scimkit.db');
  target = await startTestServer('sqlite');
  await json(['tenant', 'create', 'Corp']);
  // The source directory: users written as Entra ID would, through the store.
  const store: Store = await openStore(db, { matchMember: memberMatcher });
  const corp = (await store.tenants.find('Corp'))!;
  await store.resources.create(corp.id, 'User', userDoc('ada@corp.example', { active: true, name: { givenName: 'Ada', familyName: 'Lovelace' } }));
  await store.resources.create(corp.id, 'User', userDoc('bob@corp.example', { active: true }));
  await store.close();
}, 120_000);

afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Every command is a process that compiles the sources on start: give each test room on a busy machine.
describe('scimkit app, sync, provision, logs', { timeout: 180_000 }, () => {
  it('creates an app, tests the connection, assigns, syncs, and shows it all', async () => {
    const created = await json(['app', 'create', '--tenant', 'Corp', '--name', 'SpaceIQ', '--template', 'spaceiq', '--url', target.scimUrl, '--token', target.token]);
    expect(created.app).toMatchObject({ name: 'SpaceIQ', template: 'spaceiq', status: 'off' });
    expect(JSON.stringify(created)).not.toContain(target.token);

    expect(await json(['app', 'test', 'SpaceIQ'])).toMatchObject({ ok: true, status: 200 });
    expect((await json(['app', 'assign', 'SpaceIQ', '--user', 'ada@corp.example'])).assignment).toMatchObject({ principalType: 'User', role: 'User', changed: true });

    const plan = await json(['sync', 'SpaceIQ', '--dry-run']);
    expect(plan.actions.filter((a: { status: string }) => a.status === 'success').map((a: { action: string; display: string }) => `${a.action} ${a.display}`)).toEqual(['create ada@corp.example']);
    expect((await target.scim('GET', '/Users')).body.totalResults).toBe(0);

    const sync = await cli(['sync', 'SpaceIQ']);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/Initial cycle of SpaceIQ succeeded in [\d.]+ s: 1 created, 0 updated, 0 disabled, 0 deleted\./);
    const users = (await target.scim('GET', '/Users?filter=userName eq "ada@corp.example"')).body;
    expect(users.Resources[0]).toMatchObject({ userName: 'ada@corp.example', active: true, name: { familyName: 'Lovelace' } });

    const show = await cli(['app', 'show', 'SpaceIQ']);
    expect(show.stdout).toMatch(/Provisioned\s+1 users, 0 groups/);
    const csv = await cli(['logs', 'SpaceIQ', '--csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('at,cycleId,kind,action,status,sourceId,sourceName,targetId,modified,errorCode,errorDetail,steps');
    expect(csv.stdout).toContain('create,success');
    const logs = JSON.parse((await cli(['logs', 'SpaceIQ', '--json', '--action', 'create'])).stdout);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ sourceName: 'ada@corp.example', action: 'create', status: 'success' });

    const onDemand = await cli(['provision', 'SpaceIQ', '--user', 'bob@corp.example']);
    expect(onDemand.code).toBe(0);
    expect(onDemand.stdout).toMatch(/User bob@corp.example: skip skipped/);
    expect(onDemand.stdout).toMatch(/scope\s+skipped\s+out of scope: not assigned/);
  });

  it('exports without the token and imports into a tenant', async () => {
    const exported = await cli(['app', 'export', 'SpaceIQ']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain(target.token);
    const data = JSON.parse(exported.stdout);
    expect(data).toMatchObject({ scimkit: 'app', version: 1, template: 'spaceiq', assignments: [{ type: 'User', name: 'ada@corp.example', role: 'User' }] });
    const imported = await cli(['app', 'import', '--tenant', 'Corp', '--name', 'SpaceIQ copy', '--json'], exported.stdout);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ app: { name: 'SpaceIQ copy', status: 'off' }, missingAssignments: [] });
    oneLineError(await cli(['sync', 'SpaceIQ copy']), 2, /has no secret token yet/);
    oneLineError(await cli(['app', 'import', '--tenant', 'Corp'], '{"not":"an export"}'), 2, /not a scimkit app export/);
  });

  it('refuses bad input with one clear line and changes nothing', async () => {
    oneLineError(await cli(['app', 'create', '--tenant', 'Corp', '--name', 'X', '--template', 'workday', '--url', target.scimUrl, '--token', 't']), 2, /unknown template "workday": choose one of spaceiq, officespace, howspace, generic/);
    oneLineError(await cli(['app', 'create', '--tenant', 'Corp', '--name', 'X', '--template', 'generic', '--url', 'ftp://x', '--token', 't']), 2, /must be http\(s\)/);
    oneLineError(await cli(['app', 'create', '--tenant', 'Corp', '--name', 'spaceiq', '--template', 'generic', '--url', target.scimUrl, '--token', 't']), 1, /already exists/);
    oneLineError(await cli(['app', 'set', 'SpaceIQ', '--interval', '0']), 2, /--interval must be a whole number from 1/);
    oneLineError(await cli(['app', 'assign', 'SpaceIQ', '--user', 'nobody@corp.example']), 1, /no user with id or userName "nobody@corp.example"/);
    oneLineError(await cli(['app', 'assign', 'SpaceIQ', '--user', 'ada@corp.example', '--role', 'Janitor']), 2, /unknown role "Janitor"/);
    const badExpression = JSON.stringify({
      users: { enabled: true, mappings: [{ target: 'userName', source: { type: 'direct', attribute: 'userPrincipalName' }, matching: 1 }, { target: 'displayName', source: { type: 'expression', expression: 'Join(" ", [givenName] [surname])' } }], scoping: [] },
      groups: { enabled: false, mappings: [], scoping: [] },
    });
    const r = await cli(['app', 'set', 'SpaceIQ', '--mappings', '-'], badExpression);
    oneLineError(r, 2, /user mapping 2 \(target "displayName"\): .*expected "," or "\)" at position 22, found "\["/);
    const after = await json(['app', 'show', 'SpaceIQ']);
    expect(after.app.mappings.users.mappings.length).toBeGreaterThan(2);
    oneLineError(await cli(['sync', 'nope']), 1, /no app with id or name "nope"/);
  });

  it('reports a wrong token as a failed Test Connection and a failed cycle', async () => {
    await json(['app', 'set', 'SpaceIQ', '--token', 'scimkit_wrongwrongwro_wrongwrongwrongwrongwrongwrongwrongwrongwro']);
    const test = await cli(['app', 'test', 'SpaceIQ']);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(/Test Connection failed \(401\): The target refused the Secret Token/);
    const assign = await json(['app', 'assign', 'SpaceIQ', '--user', 'bob@corp.example']);
    expect(assign.assignment.changed).toBe(true);
    const sync = await cli(['sync', 'SpaceIQ']);
    oneLineError({ ...sync, stdout: '' }, 1, /the cycle could not finish: the target refused the Secret Token \(401\)/);
    const shown = await json(['app', 'show', 'SpaceIQ']);
    expect(shown.app.quarantine).toMatchObject({ reason: 'EncounteredQuarantineException' });
  });

  it('creates, lists and revokes admin API keys, showing the secret once', async () => {
    const created = await json(['admin-key', 'create', '--name', 'console']);
    expect(created.key).toMatch(/^scimkit_admin_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    const listed = await cli(['admin-key', 'list', '--json']);
    expect(listed.stdout).not.toContain(created.key.split('_').pop());
    expect(JSON.parse(listed.stdout).keys).toEqual([expect.objectContaining({ id: created.id, name: 'console', revokedAt: null })]);
    expect((await json(['admin-key', 'revoke', created.id])).revokedAt).toEqual(expect.any(String));
    oneLineError(await cli(['admin-key', 'revoke', 'nope']), 1, /no admin key with id "nope"/);
  });
});
