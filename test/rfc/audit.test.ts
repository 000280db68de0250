import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/audit-store.js';
import { DIALECTS } from '../support/databases.js';
import { GROUP, patch, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The audit trail: every write request of an authenticated tenant is recorded (who, what, outcome); reads are not.

for (const dialect of DIALECTS) {
  describe(`${dialect}: audit trail of write requests`, () => {
    let s: TestServer;
    let tokenId: string;
    let base: string;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      tokenId = (await s.store.tokens.list(s.tenantId))[0]!.id;
      base = `/scim/v2/${s.tenantId}`;
    });
    afterAll(async () => s.close());

    /** The entries written since `before` entries existed, oldest first; waits for the after-response hook. */
    async function newEntries(before: number, expected: number): Promise<AuditEntry[]> {
      let list: AuditEntry[] = [];
      for (let i = 0; i < 100; i++) {
        list = await s.store.audit.list(s.tenantId, 1000);
        if (list.length >= before + expected) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // Give a stray extra record the chance to appear, so "nothing else was recorded" is meaningful.
      await new Promise((r) => setTimeout(r, 50));
      list = await s.store.audit.list(s.tenantId, 1000);
      return list.slice(0, list.length - before).reverse();
    }
    /** How many entries exist once the hooks of earlier requests have written theirs (the count holds still). */
    async function count(): Promise<number> {
      let last = -1;
      for (let i = 0; i < 50; i++) {
        const n = (await s.store.audit.list(s.tenantId, 1000)).length;
        if (n === last) return n;
        last = n;
        await new Promise((r) => setTimeout(r, 40));
      }
      return last;
    }

    it('records POST, PUT, PATCH and DELETE with token id, method, path, resource and status', async () => {
      const before = await count();
      const c = await s.scim('POST', '/Users', { schemas: [USER], userName: 'audited@example.com' });
      const id = c.body.id;
      await s.scim('PUT', `/Users/${id}`, { schemas: [USER], userName: 'audited@example.com', displayName: 'A' });
      await s.scim('PATCH', `/Users/${id}?attributes=userName`, patch({ op: 'replace', path: 'title', value: 'T' }));
      await s.scim('DELETE', `/Users/${id}`);
      const e = await newEntries(before, 4);
      expect(e.map((x) => [x.method, x.path, x.status])).toEqual([
        ['POST', `${base}/Users`, 201],
        ['PUT', `${base}/Users/${id}`, 200],
        ['PATCH', `${base}/Users/${id}`, 200],
        ['DELETE', `${base}/Users/${id}`, 204],
      ]);
      for (const x of e) {
        expect(x).toMatchObject({ tenantId: s.tenantId, tokenId, resourceType: 'User', resourceId: id, scimType: null });
        expect(Number.isNaN(Date.parse(x.at))).toBe(false);
      }
    });

    it('records group writes, including a 204 PATCH', async () => {
      const before = await count();
      const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Audited' });
      await s.scim('PATCH', `/Groups/${g.body.id}`, patch({ op: 'replace', path: 'displayName', value: 'Audited 2' }));
      const e = await newEntries(before, 2);
      expect(e.map((x) => [x.method, x.resourceType, x.resourceId, x.status])).toEqual([
        ['POST', 'Group', g.body.id, 201],
        ['PATCH', 'Group', g.body.id, 204],
      ]);
    });

    it('records failed writes with their status and scimType', async () => {
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'taken@example.com' });
      const before = await count();
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'taken@example.com' });
      await s.scim('POST', '/Users', { schemas: [USER] });
      await s.scim('PATCH', '/Users/missing-id', patch({ op: 'replace', path: 'title', value: 'x' }));
      await s.scim('POST', '/Users', '{broken');
      await s.scim('POST', '/Groups', 'displayName=x', { 'content-type': 'text/plain' });
      const e = await newEntries(before, 5);
      expect(e.map((x) => [x.method, x.path, x.status, x.scimType])).toEqual([
        ['POST', `${base}/Users`, 409, 'uniqueness'],
        ['POST', `${base}/Users`, 400, 'invalidValue'],
        ['PATCH', `${base}/Users/missing-id`, 404, null],
        ['POST', `${base}/Users`, 400, 'invalidSyntax'],
        ['POST', `${base}/Groups`, 415, null],
      ]);
      for (const x of e) {
        expect(x.tokenId).toBe(tokenId);
        expect(x.detail).toBeTruthy();
      }
    });

    it('records a 412 precondition failure', async () => {
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'guarded@example.com' });
      const before = await count();
      await s.scim('DELETE', `/Users/${u.body.id}`, undefined, { 'if-match': 'W/"42"' });
      const [e] = await newEntries(before, 1);
      expect(e).toMatchObject({ method: 'DELETE', status: 412, resourceId: null });
    });

    it('records /Bulk as one record per operation, failed ones included', async () => {
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'bulk-taken@example.com' });
      const before = await count();
      const r = await s.scim('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'b', data: { schemas: [USER], userName: 'bulk-audit@example.com' } },
          { method: 'POST', path: '/Users', bulkId: 'c', data: { schemas: [USER], userName: 'bulk-taken@example.com' } },
          { method: 'PATCH', path: '/Users/bulkId:b', data: patch({ op: 'replace', path: 'title', value: 'T' }) },
        ],
      });
      expect(r.status).toBe(200);
      const id = r.body.Operations[0].location.split('/').pop();
      // A failed operation's record is written after the operations that followed it committed theirs.
      const e = (await newEntries(before, 3)).sort((a, b) => a.bulkOp! - b.bulkOp!);
      expect(e.map((x) => [x.method, x.path, x.status, x.bulkOp, x.scimType])).toEqual([
        ['POST', `${base}/Users`, 201, 1, null],
        ['POST', `${base}/Users`, 409, 2, 'uniqueness'],
        ['PATCH', `${base}/Users/${id}`, 200, 3, null],
      ]);
      for (const x of e) expect(x).toMatchObject({ tokenId, clientIp: '127.0.0.1' });
      expect(e[0]).toMatchObject({ resourceType: 'User', resourceId: id });
    });

    it('records which token wrote', async () => {
      const { info, token } = await s.store.tokens.create(s.tenantId, { name: 'second' });
      const before = await count();
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'second-token@example.com' }, { authorization: `Bearer ${token}` });
      const [e] = await newEntries(before, 1);
      expect(e!.tokenId).toBe(info.id);
    });

    it('does not record reads: GET, discovery, and POST .search', async () => {
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'reader@example.com' });
      const before = await count();
      await s.scim('GET', '/Users');
      await s.scim('GET', `/Users/${u.body.id}`);
      await s.scim('GET', '/Groups');
      await s.scim('GET', '/ServiceProviderConfig');
      await s.scim('GET', '/Schemas');
      await s.scim('POST', '/Users/.search', { filter: 'userName sw "r"' });
      await s.scim('POST', '/Groups/.search', {});
      await s.scim('POST', '/.search', {});
      expect(await newEntries(before, 0)).toEqual([]);
    });

    it('records a refused request (401) with the client address, and the token id when the token is a real one', async () => {
      const before = await count();
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'anon@example.com' }, { authorization: 'Bearer nope' });
      await s.scim('GET', '/Users', undefined, { authorization: `Bearer ${s.token.slice(0, -2)}AA` });
      const e = await newEntries(before, 2);
      expect(e.map((x) => [x.method, x.path, x.status, x.tokenId, x.clientIp])).toEqual([
        ['POST', `${base}/Users`, 401, null, '127.0.0.1'],
        ['GET', `${base}/Users`, 401, tokenId, '127.0.0.1'],
      ]);
    });

    it('never keeps request text that may hold a secret: a malformed body with a password is not echoed', async () => {
      const before = await count();
      const r = await s.scim('POST', '/Users', '{"userName":"x","password":"Hunter2-Secret"');
      expect(r.status).toBe(400);
      expect(r.text).not.toContain('Hunter2');
      const [e] = await newEntries(before, 1);
      expect(e!.status).toBe(400);
      expect(JSON.stringify(e)).not.toContain('Hunter2');
    });
  });
}
