import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/scim/input-rules.js';
import { DIALECTS } from '../support/databases.js';
import { USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 3: once a Bulk's operations run, no failure turns the whole answer into a 500; what cannot
// run is refused with 400 before any operation commits.

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const bulk = (ops: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ schemas: [BULK], Operations: ops, ...extra });
const createUser = (bulkId: string, userName: string) => ({ method: 'POST', path: '/Users', bulkId, data: { schemas: [USER], userName } });

for (const dialect of DIALECTS) {
  describe(`${dialect}: /Bulk never answers 500 after committing`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      // A real database fault inside one operation: inserting a user named "boom" fails.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER boom BEFORE INSERT ON resources WHEN NEW.user_name = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`.execute(s.store.db.kysely);
      } else {
        await sql`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.user_name = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`.execute(s.store.db.kysely);
        await sql`CREATE TRIGGER boom BEFORE INSERT ON resources FOR EACH ROW EXECUTE FUNCTION boom()`.execute(s.store.db.kysely);
      }
    });
    afterAll(async () => s.close());

    const exists = async (userName: string) => (await s.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.totalResults;

    it('an internal error in one operation is that operation\'s 500; the others commit and the Bulk answers 200', async () => {
      const r = await s.scim('POST', '/Bulk', bulk([createUser('a', 'before-boom@example.com'), createUser('b', 'boom'), createUser('c', 'after-boom@example.com')]));
      expect(r.status, r.text).toBe(200);
      const [a, b, c] = r.body.Operations;
      expect(a).toMatchObject({ bulkId: 'a', status: '201' });
      expect(b).toMatchObject({ method: 'POST', bulkId: 'b', status: '500', response: { schemas: [ERROR], status: '500' } });
      expect(b.response.detail).not.toMatch(/boom/);
      expect(c).toMatchObject({ bulkId: 'c', status: '201' });
      expect(await exists('before-boom@example.com')).toBe(1);
      expect(await exists('after-boom@example.com')).toBe(1);
    });

    it('failOnErrors still counts an internal error', async () => {
      const r = await s.scim('POST', '/Bulk', bulk([createUser('x', 'boom'), createUser('y', 'not-run@example.com')], { failOnErrors: 1 }));
      expect(r.status).toBe(200);
      expect(r.body.Operations).toHaveLength(1);
      expect(await exists('not-run@example.com')).toBe(0);
    });

    it(`data nested deeper than ${MAX_JSON_DEPTH} levels is 400 before any operation runs (3,000 levels overflowed the stack after earlier operations committed)`, async () => {
      let deep: unknown = 'bulkId:first';
      for (let i = 0; i < 3000; i++) deep = { x: deep };
      const body = JSON.stringify(bulk([createUser('first', 'deep-first@example.com'), { method: 'POST', path: '/Users', bulkId: 'deep', data: { schemas: [USER], userName: 'deep', nested: deep } }]));
      const r = await s.scim('POST', '/Bulk', body);
      expect(r.status, r.text).toBe(400);
      expect(r.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' });
      expect(r.body.detail).toContain(String(MAX_JSON_DEPTH));
      expect(await exists('deep-first@example.com')).toBe(0);
    });

    it('an empty bulkId is 400 invalidValue and nothing runs', async () => {
      const r = await s.scim('POST', '/Bulk', bulk([createUser('ok', 'empty-id-1@example.com'), createUser('', 'empty-id-2@example.com')]));
      expect(r.status).toBe(400);
      expect(r.body.scimType).toBe('invalidValue');
      expect(await exists('empty-id-1@example.com')).toBe(0);
    });

    it('a numeric "version" is a 400 of that operation only (it was a TypeError and a 500 for the whole request)', async () => {
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'versioned@example.com' });
      const r = await s.scim(
        'POST',
        '/Bulk',
        bulk([
          { method: 'PUT', path: `/Users/${u.body.id}`, version: 3, data: { schemas: [USER], userName: 'versioned@example.com', title: 'X' } },
          createUser('v', 'after-version@example.com'),
        ]),
      );
      expect(r.status, r.text).toBe(200);
      expect(r.body.Operations[0]).toMatchObject({ method: 'PUT', status: '400', response: { scimType: 'invalidValue' } });
      expect(r.body.Operations[1]).toMatchObject({ bulkId: 'v', status: '201' });
      expect((await s.scim('GET', `/Users/${u.body.id}`)).body.title).toBeUndefined();
    });

    it('every POST operation\'s result carries its bulkId, failed or not', async () => {
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'dup-bulk@example.com' });
      const r = await s.scim('POST', '/Bulk', bulk([createUser('p1', 'dup-bulk@example.com'), createUser('p2', 'fresh-bulk@example.com'), { method: 'POST', path: '/Nope', bulkId: 'p3', data: {} }]));
      expect(r.body.Operations.map((o: { bulkId: string; status: string }) => [o.bulkId, o.status])).toEqual([
        ['p1', '409'],
        ['p2', '201'],
        ['p3', '400'],
      ]);
    });
  });
}
