import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAttrPath, parseFilter } from '../../src/scim/filter/parse-filter.js';
import { openStore } from '../../src/data/store.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { groupDoc, userDoc } from '../support/users.js';

// SQLite prepares a statement again, on every run, when its plan depends on a bound value: a bare
// `LIMIT ?` (3.46 and later) or a parameter compared with an index column that has STAT4 samples. These
// tests keep both causes out; the statement timings are in docs/benchmarks.md.

const BARE_ROW_COUNT = /\b(limit|offset)\s+(\?|\$\d+)/i;

describe.runIf(DIALECTS.includes('sqlite'))('sqlite: cached statements stay prepared', () => {
  afterEach(() => vi.restoreAllMocks());

  it('no statement the store prepares binds LIMIT or OFFSET bare: lists, lookups, the change feeds and the audit log', async () => {
    const prepared: string[] = [];
    const prepare = SqliteDatabase.prototype.prepare;
    vi.spyOn(SqliteDatabase.prototype, 'prepare').mockImplementation(function (this: SqliteDatabase.Database, source: string) {
      prepared.push(source);
      return prepare.call(this, source);
    });
    const { store, dispose } = await openTestStore('sqlite');
    try {
      const tenant = (await store.tenants.create('reuse')).id;
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await store.resources.create(tenant, 'User', userDoc(`u${i}@example.com`, { externalId: `ext-${i % 2}` }))).id);
      await store.resources.create(tenant, 'Group', groupDoc('Sales'), { members: ids.slice(0, 3).map((value) => ({ value })) });
      const externalId = await store.resources.list(tenant, 'User', { filter: parseFilter('externalId eq "ext-1"'), count: 2, startIndex: 2, read: { groups: true } });
      expect(externalId.totalResults).toBe(3);
      expect(externalId.resources).toHaveLength(2);
      const page = await store.resources.list(tenant, 'User', { startIndex: 3, count: 2, read: { groups: true } });
      expect(page.resources).toHaveLength(2);
      const first = await store.resources.list(tenant, 'User', { cursor: '', count: 4 });
      const next = await store.resources.list(tenant, 'User', { cursor: first.nextCursor!, count: 4 });
      expect(first.resources.length + next.resources.length).toBe(6);
      const filtered = await store.resources.list(tenant, 'User', { filter: parseFilter('userName sw "u"'), count: 3, sortBy: parseAttrPath('userName') });
      expect(filtered.totalResults).toBe(6);
      expect((await store.resources.changesSince(tenant, 0, 3)).changes).toHaveLength(3);
      expect((await store.resources.membershipChangesSince(tenant, 0, await store.tenants.lastSeq(tenant), 2)).length).toBe(2);
      await store.audit.list(tenant, 5);
    } finally {
      await dispose();
    }
    const withRowCounts = prepared.filter((s) => /\b(limit|offset)\b/i.test(s));
    // The test must have seen the statements it is about, or it proves nothing.
    expect(withRowCounts.length).toBeGreaterThanOrEqual(4);
    expect(withRowCounts.filter((s) => BARE_ROW_COUNT.test(s))).toEqual([]);
  });

  it('opening the store keeps the planner to per-index averages: STAT4 samples an earlier ANALYZE wrote are removed, sqlite_stat1 stays', async () => {
    const db = await freshDatabase('sqlite');
    try {
      let store = await openStore(db.url, { matchMember: memberMatcher });
      const tenant = (await store.tenants.create('stats')).id;
      for (let i = 0; i < 50; i++) await store.resources.create(tenant, 'User', userDoc(`s${i}@example.com`, { externalId: `x-${i}` }));
      await store.close();
      const raw = new SqliteDatabase(db.url);
      raw.exec('ANALYZE');
      const before = raw.prepare('SELECT COUNT(*) AS n FROM sqlite_stat4').get() as { n: number };
      raw.close();
      // better-sqlite3's SQLite is built with STAT4; without samples here the test would show nothing.
      expect(before.n).toBeGreaterThan(0);

      store = await openStore(db.url, { matchMember: memberMatcher });
      const found = await store.resources.list(tenant, 'User', { filter: parseFilter('externalId eq "x-7"'), count: 10 });
      expect(found.resources.map((r) => r.doc.userName)).toEqual(['s7@example.com']);
      await store.close();
      const after = new SqliteDatabase(db.url, { readonly: true });
      expect((after.prepare('SELECT COUNT(*) AS n FROM sqlite_stat4').get() as { n: number }).n).toBe(0);
      expect((after.prepare("SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE idx = 'resources_external_id'").get() as { n: number }).n).toBe(1);
      after.close();
    } finally {
      await db.drop();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: LIMIT and OFFSET values`, () => {
    it('a Kysely query compiles them cast on SQLite and bare on PostgreSQL, and pages the same', async () => {
      const { store, dispose } = await openTestStore(dialect);
      try {
        const q = store.db.kysely.selectFrom('tenants').select('name').orderBy('name').limit(2).offset(1);
        expect(q.compile().sql).toMatch(dialect === 'sqlite' ? /limit cast\(\? as bigint\) offset cast\(\? as bigint\)$/ : /limit \$1 offset \$2$/);
        for (const name of ['a', 'b', 'c', 'd']) await store.tenants.create(`page-${name}`);
        expect((await q.execute()).map((r) => r.name)).toEqual(['page-b', 'page-c']);
      } finally {
        await dispose();
      }
    });
  });
}
