import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ENTERPRISE, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { prng } from '../support/prng.js';

const HOSTILE = [
  'userName eq "x" OR 1=1 --',
  'userName eq "x\\" OR 1=1 --"',
  `userName eq "x'; DROP TABLE resources; --"`,
  'userName eq "x"; DELETE FROM resources',
  'userName eq "x" union select secret_hash from tokens',
  `${ENTERPRISE}:department eq "'); DROP TABLE tokens; --"`,
  'name.givenName co "%" or name.givenName co "_"',
  'emails[value co "\'"] or emails[type eq "\\""]',
  'urn:x:y";DROP TABLE resources;--:attr eq "1"',
  'meta.lastModified gt "1 OR 1=1"',
  'active eq 1 or 1=1',
  '((((((((((userName pr))))))))))',
  '(' .repeat(5000),
  'userName eq "' + 'a'.repeat(20000) + '"',
];
const WORDS = ['(', ')', '[', ']', 'not', 'and', 'or', 'eq', 'ne', 'co', 'sw', 'gt', 'pr', 'userName', 'emails', 'emails.value', 'name.givenName', `${ENTERPRISE}:department`, 'meta.lastModified', 'active', 'type', 'value', '"x"', '"', "'", 'true', 'null', '42', ';', '--', '\\', 'DROP', 'TABLE', '😀'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: hostile and random filters over HTTP`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      for (const n of ['alice', 'bob', "o'brien"]) {
        expect((await s.scim('POST', '/Users', { schemas: [USER], userName: n, name: { givenName: n }, emails: [{ value: `${n}@x.com`, type: 'work' }] })).status).toBe(201);
      }
    });
    afterAll(async () => s.close());

    it('answer 200 or a 400 SCIM error, never a 500, and change nothing', async () => {
      const rand = prng(0xf11e);
      const inputs = [...HOSTILE];
      for (let i = 0; i < 300; i++) {
        const n = 1 + Math.floor(rand() * 8);
        inputs.push(Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(rand() < 0.8 ? ' ' : ''));
      }
      const statuses = new Map<number, number>();
      for (const filter of inputs) {
        const r = await s.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status !== 200) {
          expect([400, 413, 414, 431], `filter ${JSON.stringify(filter.slice(0, 80))}`).toContain(r.status);
          if (r.status === 400) expect(r.body?.scimType, filter.slice(0, 80)).toBe('invalidFilter');
        }
      }
      // Both outcomes occurred, so the inputs were neither all rejected nor all accepted.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(5);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(10);
      const list = await s.scim('GET', '/Users');
      expect(list.body.totalResults).toBe(3);
      const tables = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tokens`.execute(s.store.db.kysely);
      expect(Number(tables.rows[0]!.n)).toBe(1);
    });
  });
}
