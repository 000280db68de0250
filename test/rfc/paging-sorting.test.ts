import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// RFC 7644 §3.4.2.3 (sorting), §3.4.2.4 (index paging), §3.4.2.5 (attributes), and RFC 9865 cursor paging.

const N = 25;
const MAX = 10;
// Created in a shuffled order, so creation order and userName order differ.
const ORDER = [17, 3, 24, 9, 1, 12, 20, 6, 15, 25, 2, 11, 19, 8, 22, 5, 14, 23, 10, 4, 18, 13, 7, 21, 16];
const nameOf = (i: number) => `user${String(i).padStart(2, '0')}@example.com`;
const SORTED = Array.from({ length: N }, (_, i) => nameOf(i + 1));

for (const dialect of DIALECTS) {
  describe(`${dialect}: paging, sorting and attribute selection`, () => {
    let s: TestServer;
    let groupId: string;
    const get = (q: string) => s.scim('GET', `/Users?${q}`);
    const userNames = (body: { Resources: { userName: string }[] }) => body.Resources.map((u) => u.userName);

    beforeAll(async () => {
      s = await startTestServer(dialect, { maxResults: MAX });
      const ids: string[] = [];
      for (const i of ORDER) {
        const r = await s.scim('POST', '/Users', { schemas: [USER], userName: nameOf(i), name: { familyName: `F${String(100 - i)}` }, emails: [{ value: nameOf(i), type: 'work' }] });
        expect(r.status).toBe(201);
        ids.push(r.body.id);
      }
      const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'All', members: ids.slice(0, 5).map((value) => ({ value })) });
      groupId = g.body.id;
    });
    afterAll(async () => s.close());

    describe('index paging (RFC 7644 §3.4.2.4)', () => {
      it('startIndex/count give the right slice and totalResults', async () => {
        const r = await get('startIndex=1&count=5');
        expect(r.body).toMatchObject({ totalResults: N, itemsPerPage: 5, startIndex: 1 });
        expect(r.body.Resources).toHaveLength(5);
        const last = await get('startIndex=21&count=10');
        expect(last.body).toMatchObject({ totalResults: N, itemsPerPage: 5, startIndex: 21 });
        const beyond = await get('startIndex=26&count=5');
        expect(beyond.body).toMatchObject({ totalResults: N, itemsPerPage: 0, startIndex: 26 });
        expect(beyond.body.Resources ?? []).toEqual([]);
      });

      it('pages walk every user exactly once in a stable order', async () => {
        const seen: string[] = [];
        for (let start = 1; start <= N; start += 4) seen.push(...userNames((await get(`startIndex=${start}&count=4`)).body));
        expect(seen.sort()).toEqual(SORTED);
      });

      it('startIndex below 1 is treated as 1', async () => {
        for (const v of ['0', '-3']) {
          const r = await get(`startIndex=${v}&count=2`);
          expect(r.status).toBe(200);
          expect(r.body.startIndex).toBe(1);
          expect(r.body.Resources).toHaveLength(2);
        }
      });

      it('count=0 returns totalResults and no resources', async () => {
        const r = await get('count=0');
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ totalResults: N, itemsPerPage: 0 });
        expect(r.body.Resources ?? []).toEqual([]);
      });

      it('a negative count is treated as 0', async () => {
        const r = await get('count=-5');
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ totalResults: N, itemsPerPage: 0 });
        expect(r.body.Resources ?? []).toEqual([]);
      });

      it('count above maxResults is capped; no count gives at most maxResults', async () => {
        const r = await get('count=50');
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ totalResults: N, itemsPerPage: MAX });
        expect(r.body.Resources).toHaveLength(MAX);
        expect((await get('')).body.Resources).toHaveLength(MAX);
      });

      it('a non-integer count or startIndex is 400', async () => {
        for (const q of ['count=abc', 'startIndex=1.5']) {
          const r = await get(q);
          expect(r.status).toBe(400);
          expect(r.body.status).toBe('400');
        }
      });

      it('parameter names are case-insensitive (startindex, COUNT)', async () => {
        const r = await get('startindex=3&COUNT=2');
        expect(r.body).toMatchObject({ startIndex: 3, itemsPerPage: 2 });
      });
    });

    describe('sorting (RFC 7644 §3.4.2.3)', () => {
      async function walk(q: string): Promise<string[]> {
        const out: string[] = [];
        for (let start = 1; start <= N; start += MAX) out.push(...userNames((await get(`${q}&startIndex=${start}&count=${MAX}`)).body));
        return out;
      }

      it('sortBy=userName ascending (default and explicit)', async () => {
        expect(await walk('sortBy=userName')).toEqual(SORTED);
        expect(await walk('sortBy=userName&sortOrder=ascending')).toEqual(SORTED);
      });

      it('sortBy=userName descending', async () => {
        expect(await walk('sortBy=userName&sortOrder=descending')).toEqual([...SORTED].reverse());
      });

      it('sortBy a sub-attribute (name.familyName) and a multi-valued one (emails.value)', async () => {
        // familyName F(100-i) sorts inversely to userName.
        expect(await walk('sortBy=name.familyName')).toEqual([...SORTED].reverse());
        expect(await walk('sortBy=emails.value&sortOrder=descending')).toEqual([...SORTED].reverse());
      });

      it('sortBy with a filter sorts only the matches', async () => {
        const r = await get(`filter=${encodeURIComponent('userName sw "user1"')}&sortBy=userName&sortOrder=descending`);
        expect(userNames(r.body)).toEqual(SORTED.filter((n) => n.startsWith('user1')).reverse().slice(0, MAX));
      });

      it('an invalid sortOrder is 400', async () => {
        const r = await get('sortBy=userName&sortOrder=sideways');
        expect(r.status).toBe(400);
        expect(r.body.scimType).toBe('invalidValue');
      });
    });

    describe('cursor paging (RFC 9865)', () => {
      async function follow(q: string): Promise<{ names: string[]; pages: number }> {
        const names: string[] = [];
        let cursor = '';
        let pages = 0;
        for (;;) {
          const r = await get(`${q}cursor=${encodeURIComponent(cursor)}&count=7`);
          expect(r.status, r.text).toBe(200);
          expect(r.body.totalResults).toBe(N);
          pages++;
          names.push(...userNames(r.body));
          if (!r.body.nextCursor) break;
          expect(typeof r.body.nextCursor).toBe('string');
          cursor = r.body.nextCursor;
          expect(pages).toBeLessThan(10);
        }
        return { names, pages };
      }

      it('?cursor= (empty) starts at the first page and returns nextCursor', async () => {
        const r = await get('cursor=&count=7');
        expect(r.status).toBe(200);
        expect(r.body.Resources).toHaveLength(7);
        expect(r.body.nextCursor).toBeTruthy();
        expect(r.body.totalResults).toBe(N);
      });

      it('following nextCursor until it is absent returns every user exactly once', async () => {
        const { names, pages } = await follow('');
        expect(pages).toBe(4);
        expect(names).toHaveLength(N);
        expect([...names].sort()).toEqual(SORTED);
      });

      it('cursor paging with sortBy keeps the sort order across pages', async () => {
        const { names } = await follow('sortBy=userName&sortOrder=descending&');
        expect(names).toEqual([...SORTED].reverse());
      });

      it('the last page has no nextCursor', async () => {
        const r = await get(`cursor=&count=${MAX}&filter=${encodeURIComponent('userName sw "user0"')}`);
        expect(r.body.totalResults).toBe(9);
        expect(r.body.Resources).toHaveLength(9);
        expect(r.body.nextCursor).toBeUndefined();
      });

      it('a garbage cursor is 400 invalidCursor', async () => {
        for (const c of ['garbage!!', 'eyJ4IjoxfQ', Buffer.from('{"o":-1}').toString('base64url')]) {
          const r = await get(`cursor=${encodeURIComponent(c)}&count=5`);
          expect(r.status, c).toBe(400);
          expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
          expect(r.body).toMatchObject({ status: '400', scimType: 'invalidCursor' });
        }
      });
    });

    describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5)', () => {
      it('attributes=userName returns only schemas, id (returned: always) and userName', async () => {
        const r = await get('attributes=userName&count=3');
        expect(r.status).toBe(200);
        for (const u of r.body.Resources) expect(Object.keys(u).sort()).toEqual(['id', 'schemas', 'userName']);
        const one = await s.scim('GET', `/Users/${r.body.Resources[0].id}?attributes=userName`);
        expect(Object.keys(one.body).sort()).toEqual(['id', 'schemas', 'userName']);
      });

      it('attributes with a sub-attribute returns only that part', async () => {
        const r = await get('attributes=name.familyName,emails.value&count=1');
        const u = r.body.Resources[0];
        expect(Object.keys(u).sort()).toEqual(['emails', 'id', 'name', 'schemas']);
        expect(Object.keys(u.name)).toEqual(['familyName']);
        expect(Object.keys(u.emails[0])).toEqual(['value']);
      });

      it('excludedAttributes removes attributes but never id', async () => {
        const r = await get('excludedAttributes=emails,name,id&count=1');
        const u = r.body.Resources[0];
        expect(u.emails).toBeUndefined();
        expect(u.name).toBeUndefined();
        expect(u.id).toBeTruthy();
        expect(u.userName).toBeTruthy();
      });

      it('excludedAttributes=members on groups has no members (list and single read)', async () => {
        const list = await s.scim('GET', '/Groups?excludedAttributes=members');
        expect(list.body.Resources[0].displayName).toBe('All');
        expect(list.body.Resources[0]).not.toHaveProperty('members');
        const one = await s.scim('GET', `/Groups/${groupId}?excludedAttributes=members`);
        expect(one.body).not.toHaveProperty('members');
        expect(one.body.id).toBe(groupId);
        const full = await s.scim('GET', `/Groups/${groupId}`);
        expect(full.body.members).toHaveLength(5);
      });
    });
  });
}
