// The SCIMMY-based target the engine's interoperability tests run against: it must be a correct, strict
// SCIM server (RFC PATCH, members that exist, 409 on a taken userName), keep targets apart, and log requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTERPRISE, GROUP, USER } from '../support/scim-bodies.js';
import { clientErrorOf } from '../support/scim-client-harness.js';
import { createScimClient, type ScimClient } from '../../src/provisioning/client/scim-client.js';
import { startScimmyTarget, type ScimmyTarget } from '../support/scimmy-target.js';


let target: ScimmyTarget;
let rfc: ScimClient;
let entra: ScimClient;

beforeAll(async () => {
  target = await startScimmyTarget();
  rfc = createScimClient({ baseUrl: target.scimUrl, token: target.token, retry: { attempts: 1 } });
  entra = createScimClient({ baseUrl: target.scimUrl, token: target.token, retry: { attempts: 1 }, profile: 'entra' });
});
afterAll(async () => {
  await rfc?.close();
  await entra?.close();
  await target?.close();
});

const user = (userName: string) => ({ schemas: [USER], userName, active: true, emails: [{ value: userName, type: 'work', primary: true }] });

describe('SCIMMY target', () => {
  it('refuses a wrong token with 401, and passes Test Connection with the right one', async () => {
    const bad = createScimClient({ baseUrl: target.scimUrl, token: 'wrong' });
    try {
      expect(await bad.testConnection()).toMatchObject({ ok: false, status: 401 });
    } finally {
      await bad.close();
    }
    expect(await rfc.testConnection()).toMatchObject({ ok: true });
  });

  it('creates, finds, reads and deletes users; a taken userName is 409 uniqueness', async () => {
    const u = await rfc.create('Users', user('ada@example.com'));
    expect(u.meta).toMatchObject({ resourceType: 'User', location: `${target.scimUrl}/Users/${u.id}` });
    expect((await rfc.findByAttribute('Users', 'userName', 'ada@example.com')).map((r) => r.id)).toEqual([u.id]);
    expect(await clientErrorOf(rfc.create('Users', user('ada@example.com')))).toMatchObject({ status: 409, scimType: 'uniqueness' });
    expect(target.userByName('ada@example.com')).toMatchObject({ id: u.id, active: true });
    expect(await rfc.delete('Users', u.id)).toBe(true);
    expect(await rfc.get('Users', u.id)).toBeNull();
    expect(await rfc.delete('Users', u.id)).toBe(false);
  });

  it('takes RFC PATCH (booleans, filtered paths, the manager) and refuses Entra quirks the RFC does not allow', async () => {
    const boss = await rfc.create('Users', user('boss@example.com'));
    const u = await rfc.create('Users', user('worker@example.com'));
    await rfc.patch('Users', u.id, [
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@example.com' },
      { op: 'manager', id: boss.id },
    ]);
    expect(target.userByName('worker@example.com')).toMatchObject({ active: false, emails: [{ value: 'w@example.com', type: 'work' }], [ENTERPRISE]: { manager: { value: boss.id } } });
    expect(await clientErrorOf(entra.patch('Users', u.id, [{ op: 'replace', path: 'active', value: true }]))).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(await clientErrorOf(entra.patch('Users', u.id, [{ op: 'manager', id: boss.id }]))).toMatchObject({ status: 400 });
    expect(await clientErrorOf(rfc.patch('Users', u.id, [{ op: 'manager', id: 'no-such-user' }]))).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(target.userByName('worker@example.com')!.active).toBe(false);
  });

  it('group members: added and removed by PATCH, unknown members refused, a deleted user leaves its groups', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await rfc.create('Users', user(`m${i}@example.com`))).id);
    const g = await rfc.create('Groups', { schemas: [GROUP], displayName: 'Engineering' });
    await rfc.patch('Groups', g.id, [{ op: 'addMembers', members: ids }]);
    expect(target.membersOf(g.id)).toEqual([...ids].sort());
    await rfc.patch('Groups', g.id, [{ op: 'removeMembers', members: [ids[0]!] }]);
    await entra.patch('Groups', g.id, [{ op: 'removeMembers', members: [ids[1]!] }]);
    expect(target.membersOf(g.id)).toEqual(ids.slice(2).sort());
    expect(await clientErrorOf(rfc.patch('Groups', g.id, [{ op: 'addMembers', members: ['not-a-user'] }]))).toMatchObject({ status: 400, scimType: 'invalidValue' });
    await rfc.delete('Users', ids[2]!);
    expect(target.membersOf(g.id)).toEqual(ids.slice(3).sort());
    const [found] = await rfc.findByAttribute('Groups', 'displayName', 'Engineering', { excludedAttributes: ['members'] });
    expect(found).toMatchObject({ id: g.id, displayName: 'Engineering' });
    expect(found!.members).toBeUndefined();
  });

  it('pages with startIndex/count (no cursor advertised) and logs every request with its status', async () => {
    for (let i = 0; i < 23; i++) await rfc.create('Users', user(`page${i}@example.com`));
    const before = target.requests.length;
    const seen = new Set<string>();
    for await (const u of rfc.listAll('Users', { pageSize: 10 })) seen.add(u.id);
    expect(seen.size).toBe(target.users().length);
    const log = target.requests.slice(before);
    expect(log.some((r) => r.path === '/ServiceProviderConfig' && r.status === 200)).toBe(true);
    expect(log.filter((r) => r.path === '/Users').every((r) => r.method === 'GET' && r.status === 200 && /startIndex=\d+/.test(r.query))).toBe(true);
    const post = target.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({ path: '/Users', status: 201, body: { userName: 'ada@example.com' } });
  });

  it('keeps two targets in one process apart', async () => {
    const other = await startScimmyTarget();
    const c = createScimClient({ baseUrl: other.scimUrl, token: other.token });
    const crossed = createScimClient({ baseUrl: other.scimUrl, token: target.token });
    try {
      await c.create('Users', user('only-here@example.com'));
      expect(other.users().map((u) => u.userName)).toEqual(['only-here@example.com']);
      expect(target.userByName('only-here@example.com')).toBeUndefined();
      expect(await crossed.testConnection()).toMatchObject({ ok: false, status: 401 });
    } finally {
      await c.close();
      await crossed.close();
      await other.close();
    }
  });
});
