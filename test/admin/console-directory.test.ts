import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminKeyStore } from '../../src/admin/admin-key-store.js';
import { defaultServerConfig } from '../../src/config/server-config.js';
import { buildApp } from '../../src/server/app.js';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';

// The console's tenant side over real HTTP on both databases: tenants, SCIM tokens shown once and revoked,
// users and groups through the SCIM operations, CSV import with a preview, and the inbound activity log.
for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API tenants, tokens, directory, audit`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let app: FastifyInstance;
    let origin: string;
    let key: string;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${origin}/admin/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
    };

    beforeAll(async () => {
      ({ store, dispose } = await openTestStore(dialect));
      app = await buildApp({ store, config: { ...defaultServerConfig, logLevel: 'silent', rateLimitPerSecond: 0, baseUrl: 'https://scim.example.com' } });
      await app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      key = (await (await AdminKeyStore.open(store.db)).create('t')).key;
    });
    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    it('creates tenants with their SCIM URL; a taken or empty name is a clear 4xx', async () => {
      const t = await call('POST', '/tenants', { name: 'SpaceIQ' });
      expect(t.status).toBe(201);
      expect(t.json.tenant).toMatchObject({ name: 'SpaceIQ', scimUrl: `https://scim.example.com/scim/v2/${t.json.tenant.id}` });
      const taken = await call('POST', '/tenants', { name: 'spaceiq' });
      expect(taken.status).toBe(409);
      expect(taken.json.error.message).toMatch(/exists already/);
      expect((await call('POST', '/tenants', { name: '  ' })).status).toBe(400);
      expect((await call('GET', '/tenants')).json.tenants.map((x: any) => x.name)).toContain('SpaceIQ');
      expect((await call('GET', '/tenants/spaceiq')).json.tenant.id).toBe(t.json.tenant.id);
      expect((await call('GET', '/tenants/nope')).status).toBe(404);
    });

    it('generates a token shown once that works on SCIM, lists it with last use, and revokes it', async () => {
      const made = await call('POST', '/tenants/SpaceIQ/tokens', { name: 'entra' });
      expect(made.status).toBe(201);
      expect(made.headers.get('cache-control')).toBe('no-store');
      const { secret, token } = made.json;
      expect(secret).toMatch(/^scimkit_/);
      const t = await store.tenants.find('SpaceIQ');
      const scim = await fetch(`${origin}/scim/v2/${t!.id}/Users`, { headers: { authorization: `Bearer ${secret}` } });
      expect(scim.status).toBe(200);
      const list = await call('GET', '/tenants/SpaceIQ/tokens');
      expect(JSON.stringify(list.json)).not.toContain(secret.slice(-20));
      await expect.poll(async () => (await call('GET', '/tenants/SpaceIQ/tokens')).json.tokens[0].lastUsedAt).not.toBeNull();
      // Another tenant's page cannot revoke it.
      await call('POST', '/tenants', { name: 'Other' });
      expect((await call('DELETE', `/tenants/Other/tokens/${token.id}`)).status).toBe(404);
      const revoked = await call('DELETE', `/tenants/SpaceIQ/tokens/${token.id}`);
      expect(revoked.json.token.revokedAt).not.toBeNull();
      expect((await fetch(`${origin}/scim/v2/${t!.id}/Users`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    });

    it('creates, searches, pages, edits, disables and deletes users; groups with members', async () => {
      await call('POST', '/tenants', { name: 'Contoso' });
      for (const [u, g, f] of [['ada@contoso.com', 'Ada', 'Lovelace'], ['grace@contoso.com', 'Grace', 'Hopper'], ['alan@contoso.com', 'Alan', 'Turing']]) {
        const r = await call('POST', '/tenants/Contoso/users', { userName: u, name: { givenName: g, familyName: f }, emails: [{ value: u, type: 'work', primary: true }], active: true });
        expect(r.status).toBe(201);
      }
      const dup = await call('POST', '/tenants/Contoso/users', { userName: 'ADA@contoso.com' });
      expect(dup.status).toBe(409);
      expect(dup.json.error.code).toBe('uniqueness');
      const bad = await call('POST', '/tenants/Contoso/users', { name: { givenName: 'x' } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/userName/);

      const page = await call('GET', '/tenants/Contoso/users?count=2&sortBy=userName');
      expect(page.json).toMatchObject({ totalResults: 3, itemsPerPage: 2, startIndex: 1 });
      expect(page.json.Resources.map((r: any) => r.userName)).toEqual(['ada@contoso.com', 'alan@contoso.com']);
      const next = await call('GET', '/tenants/Contoso/users?count=2&startIndex=3&sortBy=userName');
      expect(next.json.Resources.map((r: any) => r.userName)).toEqual(['grace@contoso.com']);
      expect((await call('GET', '/tenants/Contoso/users?search=hopp')).json.Resources.map((r: any) => r.userName)).toEqual(['grace@contoso.com']);
      expect((await call('GET', '/tenants/Contoso/users?search=a&filter=name.givenName eq "Alan"')).json.totalResults).toBe(1);
      expect((await call('GET', '/tenants/Contoso/users?filter=userName eq')).status).toBe(400);
      // Tenant isolation: another tenant sees none of them.
      expect((await call('GET', '/tenants/SpaceIQ/users')).json.totalResults).toBe(0);

      const ada = (await call('GET', '/tenants/Contoso/users?search=ada')).json.Resources[0];
      const edited = await call('PUT', `/tenants/Contoso/users/${ada.id}`, { ...ada, title: 'Analyst' });
      expect(edited.json).toMatchObject({ title: 'Analyst', userName: 'ada@contoso.com' });
      const off = await call('PATCH', `/tenants/Contoso/users/${ada.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] });
      expect(off.json.active).toBe(false);

      const g = await call('POST', '/tenants/Contoso/groups', { displayName: 'Engineering', members: [{ value: ada.id }] });
      expect(g.status).toBe(201);
      const grace = (await call('GET', '/tenants/Contoso/users?search=grace')).json.Resources[0];
      const added = await call('PATCH', `/tenants/Contoso/groups/${g.json.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: grace.id }] }] });
      expect(added.json.members.map((m: any) => m.value).sort()).toEqual([ada.id, grace.id].sort());
      expect((await call('GET', `/tenants/Contoso/users/${grace.id}`)).json.groups).toEqual([expect.objectContaining({ value: g.json.id, display: 'Engineering' })]);
      expect((await call('GET', '/tenants/Contoso/groups?search=engin')).json.totalResults).toBe(1);

      expect((await call('DELETE', `/tenants/Contoso/users/${grace.id}`)).status).toBe(204);
      expect((await call('GET', `/tenants/Contoso/users/${grace.id}`)).status).toBe(404);
      expect((await call('GET', `/tenants/SpaceIQ/users/${ada.id}`)).status).toBe(404);
    });

    it('previews a CSV import with every row checked, then creates the valid rows', async () => {
      const csv = ['User Name,givenName,familyName,email,department,active', 'lin@contoso.com,Lin,Chen,lin@contoso.com,Sales,true', ',No,Name,,,', 'ada@contoso.com,Ada,Again,,,', 'max@contoso.com,Max,Power,not-an-email,,maybe', 'lin@contoso.com,Lin,Twice,,,', '"kim@contoso.com","Kim, Jr.",Lee,,R&D,false'].join('\n');
      const preview = await call('POST', '/tenants/Contoso/users/import', { csv });
      expect(preview.status).toBe(200);
      expect(preview.json).toMatchObject({ committed: false, valid: 2, invalid: 4, created: 0 });
      const byLine = Object.fromEntries(preview.json.rows.map((r: any) => [r.line, r]));
      expect(byLine[2]).toMatchObject({ status: 'valid', userName: 'lin@contoso.com' });
      expect(byLine[3].errors).toEqual(['userName is empty']);
      expect(byLine[4].errors).toEqual(['userName ada@contoso.com exists already in this tenant']);
      expect(byLine[5].errors).toEqual(['active must be true or false, not "maybe"', 'email "not-an-email" is not an e-mail address']);
      expect(byLine[6].errors).toEqual(['userName lin@contoso.com is also on line 2']);
      expect((await call('GET', '/tenants/Contoso/users?search=lin@')).json.totalResults).toBe(0);

      const done = await call('POST', '/tenants/Contoso/users/import', { csv, commit: true });
      expect(done.json).toMatchObject({ committed: true, created: 2, invalid: 4, failed: 0 });
      const kim = (await call('GET', '/tenants/Contoso/users?search=kim')).json.Resources[0];
      expect(kim).toMatchObject({ active: false, name: { givenName: 'Kim, Jr.', familyName: 'Lee' }, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' } });
      const header = await call('POST', '/tenants/Contoso/users/import', { csv: 'mail,colour\nx,y' });
      expect(header.status).toBe(400);
      expect(header.json.error).toMatchObject({ code: 'invalidCsv', message: expect.stringMatching(/no userName column/) });
    });

    it("shows the inbound activity log: console writes and SCIM clients' writes and refusals", async () => {
      const t = await store.tenants.find('Contoso');
      await fetch(`${origin}/scim/v2/${t!.id}/Users`, { headers: { authorization: 'Bearer scimkit_bogus' } });
      const all = await call('GET', '/tenants/Contoso/audit?limit=500');
      expect(all.json.entries.length).toBeGreaterThan(8);
      expect(all.json.entries[0]).toMatchObject({ status: 401 });
      expect(all.json.entries).toContainEqual(expect.objectContaining({ method: 'POST', path: '/admin/v1/tenants/Contoso/users', status: 201, resourceType: 'User', tokenId: null }));
      // Who made each console write: the admin key here ("key:<name>"), an admin's user name from the console; SCIM clients none.
      const consoleWrites = all.json.entries.filter((e: any) => e.path.startsWith('/admin/v1/'));
      expect(consoleWrites.length).toBeGreaterThan(3);
      expect(consoleWrites.every((e: any) => e.actor === 'key:t')).toBe(true);
      expect(all.json.entries.filter((e: any) => e.path.startsWith('/scim/')).every((e: any) => e.actor === null)).toBe(true);
      const refused = await call('GET', '/tenants/Contoso/audit?status=4xx');
      expect(refused.json.entries.every((e: any) => e.status >= 400 && e.status < 500)).toBe(true);
      expect((await call('GET', '/tenants/Contoso/audit?method=delete')).json.entries).toEqual([expect.objectContaining({ method: 'DELETE', status: 204 })]);
      expect((await call('GET', '/tenants/Contoso/audit?since=yesterday')).status).toBe(400);
      expect((await call('GET', '/tenants/Contoso/audit?status=4x')).status).toBe(400);
    });
  });
}
