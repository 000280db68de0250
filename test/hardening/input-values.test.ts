import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INDEXED_LENGTH, MAX_RESOURCE_BYTES, MAX_STRING_LENGTH } from '../../src/scim/input-rules.js';
import { DIALECTS } from '../support/databases.js';
import { GROUP, patch, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 4: values no database can hold get the same 400 on SQLite and PostgreSQL (PostgreSQL answered
// 500, SQLite stored them or matched everything), wherever a string enters: bodies, URL ids, filters, cursors.

type Res = { status: number; body: any; text: string };
function expect400(r: Res, scimType = 'invalidValue', detail?: RegExp): void {
  expect(r.status, r.text).toBe(400);
  expect(r.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  expect(r.body.scimType).toBe(scimType);
  if (detail) expect(r.body.detail).toMatch(detail);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: values every database can hold`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());
    const list = (q: string) => s.scim('GET', `/Users?${q}`);
    const filter = (f: string) => list(`filter=${encodeURIComponent(f)}`);

    it('a NUL or a lone surrogate in any body string is 400 invalidValue, and nothing is stored', async () => {
      // JSON escapes, so the characters reach the server exactly as written.
      expect400(await s.scim('POST', '/Users', '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"nul\\u0000user"}'));
      expect400(await s.scim('POST', '/Users', '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"lone\\ud800"}'));
      expect400(await s.scim('POST', '/Users', '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ok","title":"\\udc00x"}'));
      expect400(await s.scim('POST', '/Groups', '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"g\\u0000"}'));
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'clean@example.com' });
      expect400(await s.scim('PATCH', `/Users/${u.body.id}`, JSON.stringify(patch({ op: 'replace', path: 'title', value: 'x' })).replace('"x"', '"x\\u0000"')));
      expect((await filter('userName sw "nul"')).body.totalResults).toBe(0);
      // A paired surrogate (an emoji) is fine.
      expect((await s.scim('POST', '/Users', { schemas: [USER], userName: 'emoji-😀@example.com' })).status).toBe(201);
    });

    it('a NUL in a URL id or a query value is 400, not a 500', async () => {
      expect400(await s.scim('GET', '/Users/ab%00cd'));
      expect400(await s.scim('DELETE', '/Groups/ab%00cd'));
      expect400(await s.scim('GET', '/Users?filter=userName%20eq%20%22a%00b%22'));
    });

    it('a NUL or lone surrogate inside a filter string is 400 invalidFilter (SQLite matched every e-mail)', async () => {
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'mail@example.com', emails: [{ value: 'mail@example.com' }] });
      expect400(await filter('emails.value co "\\u0000"'), 'invalidFilter');
      expect400(await filter('userName eq "\\ud800"'), 'invalidFilter');
      expect400(await s.scim('POST', '/Users/.search', { filter: 'emails.value co "\\u0000"' }), 'invalidFilter');
    });

    it(`userName, externalId, displayName and e-mails over ${MAX_INDEXED_LENGTH} characters are 400 naming the limit (2.7k was a 500 on PostgreSQL)`, async () => {
      const long = 'a'.repeat(2700);
      expect400(await s.scim('POST', '/Users', { schemas: [USER], userName: long }), 'invalidValue', new RegExp(`userName.*${MAX_INDEXED_LENGTH}`));
      expect400(await s.scim('POST', '/Users', { schemas: [USER], userName: 'x1', externalId: long }), 'invalidValue', /externalId/);
      expect400(await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: long }), 'invalidValue', /displayName/);
      expect400(await s.scim('POST', '/Users', { schemas: [USER], userName: 'x2', emails: [{ value: long }] }), 'invalidValue', /emails\.value/);
      const u = await s.scim('POST', '/Users', { schemas: [USER], userName: 'grows@example.com' });
      expect400(await s.scim('PATCH', `/Users/${u.body.id}`, patch({ op: 'replace', path: 'userName', value: long })), 'invalidValue', /userName/);
      // At the limit it is stored, and found again.
      const edge = `${'é'.repeat(MAX_INDEXED_LENGTH - 12)}@example.com`;
      expect((await s.scim('POST', '/Users', { schemas: [USER], userName: edge })).status).toBe(201);
      expect((await filter(`userName eq "${edge}"`)).body.totalResults).toBe(1);
    });

    it(`any string over ${MAX_STRING_LENGTH} characters, and a resource over ${MAX_RESOURCE_BYTES} bytes, is 400 naming the limit`, async () => {
      expect400(await s.scim('POST', '/Users', { schemas: [USER], userName: 'big1', title: 't'.repeat(MAX_STRING_LENGTH + 1) }), 'invalidValue', new RegExp(String(MAX_STRING_LENGTH)));
      const roles = Array.from({ length: 100 }, (_, i) => ({ value: `${i}-${'r'.repeat(1500)}` }));
      expect400(await s.scim('POST', '/Users', { schemas: [USER], userName: 'big2', roles }), 'invalidValue', new RegExp(String(MAX_RESOURCE_BYTES)));
    });

    it('startIndex, count and cursors: RFC 7644 integers only, past 2^53 a 400, past the table an empty page; never 500', async () => {
      for (const q of ['count=0x10', 'count=1e2', 'count=16.0', 'count=ten', 'startIndex=99999999999999999999', 'startIndex=1e400', 'count=99999999999999999999']) {
        expect400(await list(q));
      }
      const far = await list(`startIndex=${Number.MAX_SAFE_INTEGER}`);
      expect(far.status, far.text).toBe(200);
      expect(far.body.Resources).toEqual([]);
      const negative = await list('count=-5');
      expect(negative.status).toBe(200);
      expect(negative.body.Resources).toEqual([]);
      expect((await list('count=16')).status).toBe(200);
      const forged = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url');
      for (const c of [{ o: 1e300 }, { o: 2 ** 60 }, { c: '2020-01-01T00:00:00.000Z\u0000', i: 'x' }, { c: 'x', i: '\ud800' }]) {
        expect400(await list(`cursor=${forged(c)}`), 'invalidCursor');
      }
      const deep = await list(`cursor=${forged({ o: Number.MAX_SAFE_INTEGER - 10 })}&count=5`);
      expect(deep.status, deep.text).toBe(200);
      expect(deep.body.Resources).toEqual([]);
    });

    it('userName uniqueness compares NFC forms: José typed two ways is one user, and either spelling finds it', async () => {
      const composed = 'Jos\u00e9@example.com';
      const decomposed = 'Jose\u0301@example.com';
      const a = await s.scim('POST', '/Users', { schemas: [USER], userName: composed });
      expect(a.status).toBe(201);
      const b = await s.scim('POST', '/Users', { schemas: [USER], userName: decomposed });
      expect(b.status).toBe(409);
      expect(b.body.scimType).toBe('uniqueness');
      expect((await filter(`userName eq "${decomposed}"`)).body.Resources.map((r: { id: string }) => r.id)).toEqual([a.body.id]);
      expect((await filter(`userName eq "JOS\u00c9@EXAMPLE.COM"`)).body.totalResults).toBe(1);
      // Group names follow the same rule.
      expect((await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Caf\u00e9' })).status).toBe(201);
      expect((await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Cafe\u0301' })).status).toBe(409);
    });
  });
}
