import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/scim/filter/parse-filter.js';
import type { ResourceKind } from '../../src/scim/schema/types.js';
import { BUDGET_FUNCTION } from '../../src/store/reader.js';
import { CREATED_ORDER, countStatement, keysetAfter, listConditions } from '../../src/store/resource-list.js';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { groupDoc, userDoc } from '../support/users.js';

// The filters clients send on every sync step must be answered from an index, never by a scan.
const INDEXED: [ResourceKind, string, RegExp][] = [
  ['User', 'userName eq "someone@example.com"', /resources_user_name/],
  ['User', 'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"', /resources_external_id/],
  ['User', 'id eq "9c56d0c8-5d31-48c5-8933-71ad6b9efca0"', /resources_pk|resources_user_name|resources_created|sqlite_autoindex_resources_1/],
  ['Group', 'displayName eq "Sales"', /resources_(group_)?display_name/],
  ['User', 'emails.value eq "someone@example.com"', /resource_emails_value/],
  ['User', 'meta.lastModified gt "2099-01-01T00:00:00Z"', /resources_last_modified/],
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: the filters clients search by use indexes`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let tenant: string;
    beforeAll(async () => {
      ({ store, dispose } = await openTestStore(dialect));
      // Enough rows, and fresh statistics, that a planner has a reason to prefer the index.
      tenant = (await store.tenants.create('plans')).id;
      for (let i = 0; i < 300; i++) {
        await store.resources.create(tenant, 'User', userDoc(`u${i}@example.com`, { externalId: `ext-${i}`, emails: [{ value: `u${i}@example.com`, type: 'work' }] }));
        if (i % 10 === 0) await store.resources.create(tenant, 'Group', groupDoc(`group ${i}`));
      }
      await sql`ANALYZE`.execute(store.db.kysely);
      if (dialect === 'sqlite') {
        // Plan with the statistics scimkit keeps (refreshStatistics): the averages, without STAT4 samples.
        await sql`DELETE FROM sqlite_stat4`.execute(store.db.kysely);
        await sql`ANALYZE sqlite_schema`.execute(store.db.kysely);
      }
    });
    afterAll(async () => dispose());

    for (const [kind, text, index] of INDEXED) {
      it(`${kind}: ${text}`, async () => {
        const where = sql.join(listConditions(store.db, tenant, kind, parseFilter(text)), sql` AND `);
        const query = sql`SELECT r.id FROM resources r WHERE ${where}`;
        let plan: string;
        if (dialect === 'sqlite') {
          plan = (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.db.kysely)).rows.map((r) => r.detail).join('\n');
          expect(plan).not.toMatch(/^SCAN r$/m);
        } else {
          plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(store.db.kysely)).rows.map((r) => r['QUERY PLAN']).join('\n');
          expect(plan).not.toMatch(/Seq Scan on resources/);
        }
        expect(plan).toMatch(index);
      });
    }

    it('an unfiltered count reads the one row of the kept count, with no budget function; a filtered heavy count counts rows with it', async () => {
      const bare = countStatement(store.db, { tenantId: tenant, kind: 'User' }, listConditions(store.db, tenant, 'User'), { heavy: true, filtered: false });
      expect(bare.sql).not.toContain(BUDGET_FUNCTION);
      expect(bare.sql).not.toMatch(/COUNT\(/);
      const filtered = countStatement(store.db, { tenantId: tenant, kind: 'User' }, listConditions(store.db, tenant, 'User', parseFilter('name.familyName co "x"')), { heavy: true, filtered: true });
      expect(filtered.sql.includes(BUDGET_FUNCTION)).toBe(dialect === 'sqlite');
      if (dialect === 'sqlite') {
        const plan = (await store.db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${bare.sql}`, [...bare.parameters]))).rows;
        const details = plan.map((r) => r.detail).join('\n');
        expect(details).toMatch(/SEARCH c USING INDEX \w+ \(tenant_id=\? AND type=\?\)/);
        expect(details).not.toMatch(/\bresources\b|SCAN (?!CONSTANT ROW)/);
      }
      expect(Number((await store.db.kysely.executeQuery<{ n: number }>(CompiledQuery.raw(bare.sql, [...bare.parameters]))).rows[0]!.n)).toBe(300);
    });

    it('a cursor page seeks the (created, id) index and reads only its page, without sorting later rows', async () => {
      const where = sql.join([...listConditions(store.db, tenant, 'User'), keysetAfter('2000-01-01T00:00:00.000Z', '')], sql` AND `);
      const query = sql`SELECT r.id FROM resources r WHERE ${where} ORDER BY ${CREATED_ORDER} LIMIT 101`;
      if (dialect === 'sqlite') {
        const plan = (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store.db.kysely)).rows.map((r) => r.detail).join('\n');
        expect(plan).toMatch(/resources_created/);
        expect(plan).not.toMatch(/TEMP B-TREE|MULTI-INDEX OR|^SCAN r$/m);
      } else {
        const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(store.db.kysely)).rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toMatch(/resources_created/);
        expect(plan).not.toMatch(/Seq Scan on resources|Sort/);
      }
    });
  });
}
