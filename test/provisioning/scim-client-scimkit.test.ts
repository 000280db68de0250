// The outbound SCIM client against a real scimkit server over loopback HTTP: every typed call, both PATCH
// profiles (scimkit accepts Entra's shapes as well as the RFC's), member chunks, paging by cursor and by index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTERPRISE, GROUP, USER } from '../support/scim-bodies.js';
import { ScimClientError } from '../../src/provisioning/client/client-error.js';
import { createScimClient, type ScimClient } from '../../src/provisioning/client/scim-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';


let target: TestServer;
let rfc: ScimClient;
let entra: ScimClient;

beforeAll(async () => {
  target = await startTestServer('sqlite');
  rfc = createScimClient({ baseUrl: target.scimUrl, token: target.token, maxMembersPerPatch: 100 });
  entra = createScimClient({ baseUrl: `${target.scimUrl}?aadOptscim062020`, token: target.token, profile: 'entra', maxMembersPerPatch: 40 });
});
afterAll(async () => {
  await rfc?.close();
  await entra?.close();
  await target?.close();
});

const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, active: true, name: { givenName: 'G', familyName: 'F' }, ...extra });

async function members(groupId: string): Promise<string[]> {
  const g = await target.scim('GET', `/Groups/${groupId}`);
  return ((g.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
}

describe('users', () => {
  it('creates, finds by a userName full of special characters, reads, replaces and deletes', async () => {
    const name = 'o"brien\\the+first & co/é 漢@example.com';
    const created = await rfc.create('Users', user(name, { externalId: 'ext-1' }));
    expect(created.id).toBeTruthy();
    const found = await rfc.findByAttribute('Users', 'userName', name);
    expect(found.map((u) => u.id)).toEqual([created.id]);
    expect(await rfc.findByAttribute('Users', 'userName', 'o"brien')).toEqual([]);
    expect((await rfc.findByAttribute('Users', 'externalId', 'ext-1', { attributes: ['id'] }))[0]).toMatchObject({ id: created.id });
    expect(await rfc.get('Users', created.id)).toMatchObject({ userName: name });
    expect(await rfc.get('Users', '00000000-0000-0000-0000-000000000000')).toBeNull();
    const replaced = await rfc.replace('Users', created.id, user(name, { displayName: 'Replaced' }));
    expect(replaced.displayName).toBe('Replaced');
    expect(await rfc.delete('Users', created.id)).toBe(true);
    expect(await rfc.delete('Users', created.id)).toBe(false);
  });

  it('a duplicate create is an http error with scimType uniqueness', async () => {
    await rfc.create('Users', user('dup@example.com'));
    const err = await rfc.create('Users', user('dup@example.com')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimClientError);
    expect(err).toMatchObject({ kind: 'http', status: 409, scimType: 'uniqueness' });
  });

  for (const profile of ['rfc', 'entra'] as const) {
    it(`PATCH in the ${profile} profile: attributes, a boolean, the manager and its removal`, async () => {
      const c = profile === 'rfc' ? rfc : entra;
      const boss = await c.create('Users', user(`boss-${profile}@example.com`));
      const u = await c.create('Users', user(`worker-${profile}@example.com`, { schemas: [USER, ENTERPRISE] }));
      await c.patch('Users', u.id, [
        { op: 'replace', path: 'name.givenName', value: 'Ada' },
        { op: 'add', path: 'emails[type eq "work"].value', value: `w-${profile}@example.com` },
        { op: 'replace', path: 'active', value: false },
        { op: 'manager', id: boss.id },
      ]);
      const after = (await c.get('Users', u.id))!;
      expect(after).toMatchObject({ active: false, name: { givenName: 'Ada' }, emails: [{ type: 'work', value: `w-${profile}@example.com` }] });
      expect((after[ENTERPRISE] as { manager: { value: string } }).manager.value).toBe(boss.id);
      await c.patch('Users', u.id, [{ op: 'manager', id: null }, { op: 'replace', path: 'active', value: true }]);
      const cleared = (await c.get('Users', u.id))!;
      expect(cleared.active).toBe(true);
      expect((cleared[ENTERPRISE] as { manager?: unknown } | undefined)?.manager).toBeUndefined();
    });

    it(`group members in the ${profile} profile: 250 added and 120 removed in chunks`, async () => {
      const c = profile === 'rfc' ? rfc : entra;
      const ids: string[] = [];
      for (let i = 0; i < 250; i++) ids.push((await c.create('Users', user(`m${i}-${profile}@example.com`))).id);
      const g = await c.create('Groups', { schemas: [GROUP], displayName: `Group ${profile}` });
      const before = c.stats.requests;
      await c.patch('Groups', g.id, [{ op: 'replace', path: 'displayName', value: `Renamed ${profile}` }, { op: 'addMembers', members: ids }]);
      const chunk = profile === 'rfc' ? 100 : 40;
      expect(c.stats.requests - before).toBe(Math.ceil(250 / chunk));
      expect(await members(g.id)).toEqual([...ids].sort());
      await c.patch('Groups', g.id, [{ op: 'removeMembers', members: ids.slice(0, 120) }]);
      expect(await members(g.id)).toEqual(ids.slice(120).sort());
      const found = await c.findByAttribute('Groups', 'displayName', `Renamed ${profile}`, { excludedAttributes: ['members'] });
      expect(found).toHaveLength(1);
      expect(found[0]!.members).toBeUndefined();
      expect(await c.delete('Groups', g.id)).toBe(true);
    });
  }
});

describe('listAll and discovery', () => {
  it('reads the ServiceProviderConfig and walks every user by cursor, as the target advertises', async () => {
    const spc = await rfc.serviceProviderConfig();
    expect(spc).toMatchObject({ pagination: { cursor: true }, patch: { supported: true } });
    const expected = new Set<string>();
    for await (const u of rfc.listAll('Users', { pageSize: 1000 })) expected.add(u.id);
    const before = rfc.stats.requests;
    const seen: string[] = [];
    for await (const u of rfc.listAll('Users', { pageSize: 7, attributes: ['userName'] })) seen.push(u.id);
    expect(new Set(seen)).toEqual(expected);
    expect(seen).toHaveLength(expected.size);
    expect(rfc.stats.requests - before).toBe(Math.ceil(expected.size / 7));
  });
});

describe('Test Connection', () => {
  it('succeeds against scimkit', async () => {
    expect(await rfc.testConnection()).toMatchObject({ ok: true, status: 200 });
    expect(await entra.testConnection('Groups', 'displayName')).toMatchObject({ ok: true });
  });
});
