import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/data/store.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { migrateDomain } from '../../src/store/migrate.js';
import * as m001 from '../../src/store/migrations/001-initial.js';
import * as m002 from '../../src/store/migrations/002-membership-changes.js';
import * as m003 from '../../src/store/migrations/003-audit-refusals.js';
import * as m004 from '../../src/store/migrations/004-nfc-name-keys.js';
import * as m005 from '../../src/store/migrations/005-audit-actor.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';
import { USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { groupDoc, userDoc } from '../support/users.js';

// An unfiltered list's totalResults comes from the per-tenant count that triggers keep (migration 006),
// not from COUNT(*): it must equal COUNT(*) after every kind of write, including the ones that fail.
for (const dialect of DIALECTS) {
  describe(`${dialect}: the per-tenant resource count`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect);
    });
    afterAll(async () => s.close());

    /** Asserts the kept count of every type equals COUNT(*) and what an unfiltered list reports; returns the users' count. */
    async function expectCountsExact(tenant: string): Promise<number> {
      const k = s.store.db.kysely;
      const counted = await sql<{ type: string; n: number | string }>`SELECT type, COUNT(*) AS n FROM resources WHERE tenant_id = ${tenant} GROUP BY type`.execute(k);
      const kept = await sql<{ type: string; n: number | string }>`SELECT type, n FROM resource_counts WHERE tenant_id = ${tenant}`.execute(k);
      const real = Object.fromEntries(counted.rows.map((r) => [r.type, Number(r.n)]));
      const stored = Object.fromEntries(kept.rows.filter((r) => Number(r.n) !== 0 || real[r.type] !== undefined).map((r) => [r.type, Number(r.n)]));
      expect(stored).toEqual(real);
      for (const kind of ['User', 'Group'] as const) {
        // A cursor page with more to come asks for the count: the path a walk takes on every page.
        const page = await s.store.resources.list(tenant, kind, { count: 1, cursor: '' });
        expect(page.totalResults).toBe(real[kind] ?? 0);
      }
      return real.User ?? 0;
    }

    it('follows creates and deletes of users and groups, and starts at zero for a new tenant', async () => {
      const tenant = (await s.store.tenants.create('counts-basic')).id;
      expect(await expectCountsExact(tenant)).toBe(0);
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await s.store.resources.create(tenant, 'User', userDoc(`c${i}@example.com`))).id);
      const group = await s.store.resources.create(tenant, 'Group', groupDoc('Counted'), { members: ids.slice(0, 3).map((value) => ({ value })) });
      expect(await expectCountsExact(tenant)).toBe(12);
      for (const id of ids.slice(0, 5)) await s.store.resources.delete(tenant, 'User', id);
      await s.store.resources.delete(tenant, 'Group', group.id);
      expect(await expectCountsExact(tenant)).toBe(7);
      // Another tenant's writes never move this tenant's count.
      expect((await s.store.resources.list(s.tenantId, 'User', { count: 1, cursor: '' })).totalResults).toBe(await expectCountsExact(s.tenantId));
    });

    it('a write that fails after inserting or deleting rows rolls its count back with it, and its neighbours keep theirs', async () => {
      const tenant = (await s.store.tenants.create('counts-rollback')).id;
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await s.store.resources.create(tenant, 'User', userDoc(`r${i}@example.com`))).id);
      const now = new Date().toISOString();
      const doc = dialect === 'postgres' ? sql`${'{}'}::jsonb` : sql`${'{}'}`;
      // Together, so group commit puts them in one transaction, each in its own savepoint.
      const outcomes = await Promise.allSettled([
        s.store.db.write(async (trx) => {
          await sql`INSERT INTO resources (tenant_id, id, type, version, seq, created, last_modified, doc) VALUES (${tenant}, ${'ghost'}, ${'User'}, 1, 1000000, ${now}, ${now}, ${doc})`.execute(trx);
          throw new Error('refused after the insert');
        }),
        s.store.db.write(async (trx) => {
          await sql`DELETE FROM resources WHERE tenant_id = ${tenant} AND id = ${ids[0]!}`.execute(trx);
          throw new Error('refused after the delete');
        }),
        s.store.resources.create(tenant, 'User', userDoc('r0@example.com')),
        s.store.resources.create(tenant, 'User', userDoc('kept@example.com')),
        s.store.resources.delete(tenant, 'User', ids[1]!),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
      expect(await expectCountsExact(tenant)).toBe(4);
    });

    it('a /Bulk request with failing operations counts only what it wrote', async () => {
      const before = await expectCountsExact(s.tenantId);
      const first = await s.scim('POST', '/Users', { schemas: [USER], userName: 'bulk.counted@example.com' });
      const r = await s.scim('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER], userName: 'bulk.a@example.com' } },
          { method: 'POST', path: '/Users', bulkId: 'dup', data: { schemas: [USER], userName: 'bulk.counted@example.com' } },
          { method: 'DELETE', path: `/Users/${first.body.id}` },
          { method: 'DELETE', path: '/Users/no-such-user' },
          { method: 'POST', path: '/Users', bulkId: 'b', data: { schemas: [USER], userName: 'bulk.b@example.com' } },
        ],
      });
      expect(r.status).toBe(200);
      expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201', '409', '204', '404', '201']);
      expect(await expectCountsExact(s.tenantId)).toBe(before + 2);
    });

    it('stays exact under concurrent creators and deleters of one tenant', async () => {
      const tenant = (await s.store.tenants.create('counts-concurrent')).id;
      const seed: string[] = [];
      for (let i = 0; i < 20; i++) seed.push((await s.store.resources.create(tenant, 'User', userDoc(`seed${i}@example.com`))).id);
      const writes = [
        ...Array.from({ length: 40 }, (_, i) => () => s.store.resources.create(tenant, 'User', userDoc(`w${i % 30}@example.com`))),
        ...seed.map((id) => () => s.store.resources.delete(tenant, 'User', id)),
        ...Array.from({ length: 10 }, (_, i) => () => s.store.resources.create(tenant, 'Group', groupDoc(`g${i}`))),
      ];
      const outcomes = await Promise.allSettled(writes.map((w) => w()));
      // Ten creates repeat a userName: they fail with 409, whichever of the pair commits first.
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(10);
      expect(await expectCountsExact(tenant)).toBe(30);
    });
  });

  describe(`${dialect}: the count of a database that held resources before migration 006`, () => {
    it('starts from the stored rows of each tenant and type, and follows writes from there', async () => {
      const db = await freshDatabase(dialect);
      try {
        const k = new Kysely<any>({
          dialect: dialect === 'postgres' ? new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url }) }) : new SqliteDialect({ database: new SqliteDatabase(db.url) }),
        });
        const before = { '001-initial': m001, '002-membership-changes': m002, '003-audit-refusals': m003, '004-nfc-name-keys': m004, '005-audit-actor': m005 };
        expect((await migrateDomain(k, dialect, before, 'scimkit_migrations')).error).toBeUndefined();
        const now = new Date().toISOString();
        const rows: [string, string][] = [['a', 'User'], ['a', 'User'], ['a', 'User'], ['a', 'Group'], ['b', 'User'], ['b', 'User']];
        for (const [i, [tenant, type]] of rows.entries()) {
          await sql`INSERT INTO resources (tenant_id, id, type, version, seq, created, last_modified, doc) VALUES (${tenant}, ${`r${i}`}, ${type}, 1, ${i + 1}, ${now}, ${now}, ${dialect === 'postgres' ? sql`${'{}'}::jsonb` : sql`${'{}'}`})`.execute(k);
        }
        await k.destroy();
        const store = await openStore(db.url, { matchMember: memberMatcher, poolSize: 2 });
        try {
          const counts = await sql<{ tenant_id: string; type: string; n: number | string }>`SELECT tenant_id, type, n FROM resource_counts ORDER BY tenant_id, type`.execute(store.db.kysely);
          expect(counts.rows.map((r) => [r.tenant_id, r.type, Number(r.n)])).toEqual([['a', 'Group', 1], ['a', 'User', 3], ['b', 'User', 2]]);
          await sql`DELETE FROM resources WHERE tenant_id = ${'b'} AND id = ${'r4'}`.execute(store.db.kysely);
          expect((await store.resources.list('b', 'User', { count: 0 })).totalResults).toBe(1);
        } finally {
          await store.close();
        }
      } finally {
        await db.drop();
      }
    });
  });
}
