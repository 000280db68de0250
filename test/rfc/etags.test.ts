import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, patch, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// RFC 7644 §3.14 versioning: ETag header and meta.version, If-Match preconditions, If-None-Match on reads.

for (const dialect of DIALECTS) {
  describe(`${dialect}: ETags (RFC 7644 §3.14)`, () => {
    let s: TestServer;
    let n = 0;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    async function newUser(): Promise<{ id: string; etag: string }> {
      const r = await s.scim('POST', '/Users', { schemas: [USER], userName: `etag${++n}@example.com`, active: true });
      expect(r.status).toBe(201);
      return { id: r.body.id, etag: r.headers.get('etag')! };
    }

    function expect412(r: { status: number; headers: Headers; body: any }): void {
      expect(r.status).toBe(412);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '412' });
    }

    it('the ServiceProviderConfig advertises etag support', async () => {
      expect((await s.scim('GET', '/ServiceProviderConfig')).body.etag).toEqual({ supported: true });
    });

    it('POST, GET, PUT and PATCH answer an ETag equal to meta.version; writes change it', async () => {
      const c = await s.scim('POST', '/Users', { schemas: [USER], userName: 'versions@example.com' });
      expect(c.headers.get('etag')).toMatch(/^W\/".+"$/);
      expect(c.body.meta.version).toBe(c.headers.get('etag'));
      const g = await s.scim('GET', `/Users/${c.body.id}`);
      expect(g.headers.get('etag')).toBe(c.headers.get('etag'));
      expect(g.body.meta.version).toBe(g.headers.get('etag'));
      const p = await s.scim('PUT', `/Users/${c.body.id}`, { schemas: [USER], userName: 'versions@example.com', displayName: 'V' });
      expect(p.headers.get('etag')).not.toBe(c.headers.get('etag'));
      expect(p.body.meta.version).toBe(p.headers.get('etag'));
      const q = await s.scim('PATCH', `/Users/${c.body.id}`, patch({ op: 'replace', path: 'displayName', value: 'W' }));
      expect(q.headers.get('etag')).not.toBe(p.headers.get('etag'));
      expect(q.body.meta.version).toBe(q.headers.get('etag'));
      const list = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "versions@example.com"')}`);
      expect(list.body.Resources[0].meta.version).toBe(q.headers.get('etag'));
    });

    it('a PATCH that changes nothing keeps the version', async () => {
      const u = await newUser();
      const r = await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'active', value: true }));
      expect(r.status).toBe(200);
      expect(r.headers.get('etag')).toBe(u.etag);
    });

    it('If-Match with a stale version is 412 on PUT, PATCH and DELETE, and changes nothing', async () => {
      const u = await newUser();
      const stale = { 'if-match': 'W/"999"' };
      expect412(await s.scim('PUT', `/Users/${u.id}`, { schemas: [USER], userName: `etag${n}@example.com`, displayName: 'X' }, stale));
      expect412(await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'displayName', value: 'X' }), stale));
      expect412(await s.scim('DELETE', `/Users/${u.id}`, undefined, stale));
      const after = await s.scim('GET', `/Users/${u.id}`);
      expect(after.status).toBe(200);
      expect(after.body.displayName).toBeUndefined();
      expect(after.headers.get('etag')).toBe(u.etag);
    });

    it('If-Match with the current version succeeds on PUT, then PATCH, then DELETE', async () => {
      const u = await newUser();
      const put = await s.scim('PUT', `/Users/${u.id}`, { schemas: [USER], userName: `etag${n}@example.com`, displayName: 'A' }, { 'if-match': u.etag });
      expect(put.status).toBe(200);
      const v2 = put.headers.get('etag')!;
      // The old version no longer matches.
      expect412(await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'displayName', value: 'B' }), { 'if-match': u.etag }));
      const pat = await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'displayName', value: 'B' }), { 'if-match': v2 });
      expect(pat.status).toBe(200);
      expect(pat.body.displayName).toBe('B');
      const del = await s.scim('DELETE', `/Users/${u.id}`, undefined, { 'if-match': pat.headers.get('etag')! });
      expect(del.status).toBe(204);
      expect((await s.scim('GET', `/Users/${u.id}`)).status).toBe(404);
    });

    it('If-Match accepts *, the strong form and a list of tags', async () => {
      const u = await newUser();
      const strong = u.etag.replace(/^W\//, '');
      let r = await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'displayName', value: 'S' }), { 'if-match': strong });
      expect(r.status).toBe(200);
      r = await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'displayName', value: 'T' }), { 'if-match': `W/"998", ${r.headers.get('etag')}` });
      expect(r.status).toBe(200);
      r = await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'displayName', value: 'U' }), { 'if-match': '*' });
      expect(r.status).toBe(200);
    });

    it('If-Match on a missing resource is 404, not 412', async () => {
      const r = await s.scim('PATCH', '/Users/does-not-exist', patch({ op: 'replace', path: 'displayName', value: 'X' }), { 'if-match': 'W/"1"' });
      expect(r.status).toBe(404);
    });

    it('If-None-Match on GET: 304 without a body when current, 200 with the resource when stale', async () => {
      const u = await newUser();
      const same = await s.scim('GET', `/Users/${u.id}`, undefined, { 'if-none-match': u.etag });
      expect(same.status).toBe(304);
      expect(same.text).toBe('');
      expect(same.headers.get('etag')).toBe(u.etag);
      await s.scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'displayName', value: 'changed' }));
      const stale = await s.scim('GET', `/Users/${u.id}`, undefined, { 'if-none-match': u.etag });
      expect(stale.status).toBe(200);
      expect(stale.body.displayName).toBe('changed');
      expect(stale.headers.get('etag')).not.toBe(u.etag);
      expect((await s.scim('GET', `/Users/${u.id}`, undefined, { 'if-none-match': stale.headers.get('etag')! })).status).toBe(304);
    });

    it('groups: ETag on create and on a 204 PATCH; membership changes bump the version; If-Match guards them', async () => {
      const u = await newUser();
      const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Versioned' });
      const v1 = g.headers.get('etag')!;
      expect(g.body.meta.version).toBe(v1);
      const add = await s.scim('PATCH', `/Groups/${g.body.id}`, patch({ op: 'add', path: 'members', value: [{ value: u.id }] }), { 'if-match': v1 });
      expect(add.status).toBe(204);
      const v2 = add.headers.get('etag')!;
      expect(v2).toBeTruthy();
      expect(v2).not.toBe(v1);
      expect((await s.scim('GET', `/Groups/${g.body.id}`)).headers.get('etag')).toBe(v2);
      expect412(await s.scim('PATCH', `/Groups/${g.body.id}`, patch({ op: 'remove', path: `members[value eq "${u.id}"]` }), { 'if-match': v1 }));
      expect((await s.scim('GET', `/Groups/${g.body.id}`)).body.members).toHaveLength(1);
      // Deleting the member changes the group, so its version moves too.
      await s.scim('DELETE', `/Users/${u.id}`);
      const after = await s.scim('GET', `/Groups/${g.body.id}`);
      expect(after.headers.get('etag')).not.toBe(v2);
      expect(after.body.members ?? []).toEqual([]);
    });
  });
}
