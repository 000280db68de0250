import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// RFC 7644 §3.4.3: querying with POST /.search and a SearchRequest body, per resource type and at the root.

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const search = (body: Record<string, unknown>) => ({ schemas: [SEARCH], ...body });

for (const dialect of DIALECTS) {
  describe(`${dialect}: POST /.search (RFC 7644 §3.4.3)`, () => {
    let s: TestServer;
    const users: string[] = [];
    const groups: string[] = [];
    beforeAll(async () => {
      s = await startTestServer(dialect);
      for (const [n, title] of [
        ['c', 'Engineer'],
        ['a', 'Engineer'],
        ['b', 'Manager'],
      ]) {
        const r = await s.scim('POST', '/Users', { schemas: [USER], userName: `search.${n}@example.com`, displayName: `Search ${n.toUpperCase()}`, title, emails: [{ value: `search.${n}@example.com`, type: 'work' }] });
        users.push(r.body.id);
      }
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'other@example.com', displayName: 'Other' });
      for (const n of ['G1', 'G2']) groups.push((await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: `Search ${n}`, members: [{ value: users[0] }] })).body.id);
    });
    afterAll(async () => s.close());

    it('POST /Users/.search with filter, attributes, startIndex and count', async () => {
      const r = await s.scim('POST', '/Users/.search', search({ attributes: ['userName', 'title'], filter: 'userName sw "search."', startIndex: 1, count: 2 }));
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 3, itemsPerPage: 2, startIndex: 1 });
      for (const u of r.body.Resources) expect(Object.keys(u).sort()).toEqual(['id', 'schemas', 'title', 'userName']);
      const next = await s.scim('POST', '/Users/.search', search({ attributes: ['userName'], filter: 'userName sw "search."', startIndex: 3, count: 2 }));
      expect(next.body).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 3 });
      const all = [...r.body.Resources, ...next.body.Resources].map((u: { id: string }) => u.id).sort();
      expect(all).toEqual([...users].sort());
    });

    it('POST /Users/.search with sortBy/sortOrder and excludedAttributes', async () => {
      const r = await s.scim('POST', '/Users/.search', search({ filter: 'title eq "engineer" or title eq "manager"', sortBy: 'userName', sortOrder: 'descending', excludedAttributes: ['emails', 'title'] }));
      expect(r.status).toBe(200);
      expect(r.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['search.c@example.com', 'search.b@example.com', 'search.a@example.com']);
      for (const u of r.body.Resources) {
        expect(u.emails).toBeUndefined();
        expect(u.title).toBeUndefined();
        expect(u.displayName).toBeTruthy();
      }
    });

    it('POST /Users/.search with an empty body lists everything; attributes may also be a comma string', async () => {
      const r = await s.scim('POST', '/Users/.search', search({}));
      expect(r.body.totalResults).toBe(4);
      const c = await s.scim('POST', '/Users/.search', search({ attributes: 'userName,displayName', count: 1 }));
      expect(Object.keys(c.body.Resources[0]).sort()).toEqual(['displayName', 'id', 'schemas', 'userName']);
    });

    it('POST /Groups/.search with a members filter and excludedAttributes', async () => {
      const r = await s.scim('POST', '/Groups/.search', search({ filter: `members[value eq "${users[0]}"]`, excludedAttributes: ['members'] }));
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(2);
      for (const g of r.body.Resources) expect(g).not.toHaveProperty('members');
      expect(r.body.Resources.map((g: { id: string }) => g.id).sort()).toEqual([...groups].sort());
    });

    it('a malformed filter in a SearchRequest is 400 invalidFilter', async () => {
      for (const path of ['/Users/.search', '/Groups/.search', '/.search']) {
        const r = await s.scim('POST', path, search({ filter: 'userName eq' }));
        expect(r.status, path).toBe(400);
        expect(r.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
      }
    });

    it('root POST /.search returns users and groups in one ListResponse', async () => {
      const r = await s.scim('POST', '/.search', search({ filter: 'displayName sw "search"', attributes: ['displayName'] }));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 5, itemsPerPage: 5, startIndex: 1 });
      const kinds = r.body.Resources.map((x: { schemas: string[] }) => x.schemas[0]);
      expect(kinds.filter((k: string) => k === USER)).toHaveLength(3);
      expect(kinds.filter((k: string) => k === GROUP)).toHaveLength(2);
      for (const x of r.body.Resources) expect(Object.keys(x).sort()).toEqual(['displayName', 'id', 'schemas']);
    });

    it('root POST /.search pages across resource types with startIndex and count', async () => {
      const seen: string[] = [];
      for (let start = 1; start <= 5; start += 2) {
        const r = await s.scim('POST', '/.search', search({ filter: 'displayName sw "search"', startIndex: start, count: 2 }));
        expect(r.body.totalResults).toBe(5);
        expect(r.body.startIndex).toBe(start);
        expect(r.body.itemsPerPage).toBe(Math.min(2, 5 - start + 1));
        seen.push(...r.body.Resources.map((x: { id: string }) => x.id));
      }
      expect(seen.sort()).toEqual([...users, ...groups].sort());
      const zero = await s.scim('POST', '/.search', search({ count: 0 }));
      expect(zero.body).toMatchObject({ totalResults: 6, itemsPerPage: 0 });
    });

    it('root POST /.search with a filter only one type can match', async () => {
      const r = await s.scim('POST', '/.search', search({ filter: 'userName eq "search.a@example.com"' }));
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(1);
      expect(r.body.Resources[0].id).toBe(users[1]);
    });

    it('GET on a .search path is not a search', async () => {
      expect((await s.scim('GET', '/Users/.search')).status).not.toBe(200);
    });
  });
}
