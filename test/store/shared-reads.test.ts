import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { parseFilter } from '../../src/scim/filter/parse-filter.js';
import { lookupPlan, recogniseLookup } from '../../src/store/fast-lookup.js';
import { openPostgresReader } from '../../src/store/open-reader.js';
import type { PgPoolLike } from '../../src/store/postgres-reader.js';
import { MAX_SHARED } from '../../src/store/postgres-shared-reads.js';
import type { Reader } from '../../src/store/reader.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { userDoc } from '../support/users.js';

const N = 20;

// Lookups and reads by id that arrive together share work (one read transaction on SQLite, one statement
// on PostgreSQL): each must still get exactly the answer it gets alone, from its own tenant.
for (const dialect of DIALECTS) {
  describe(`${dialect}: reads that arrive together`, () => {
    let store: Store;
    let url: string;
    let dispose: () => Promise<void>;
    let a: string;
    let b: string;
    const idsA: string[] = [];
    const idsB: string[] = [];
    const shared: string[] = [];

    beforeAll(async () => {
      ({ store, url, dispose } = await openTestStore(dialect));
      a = (await store.tenants.create('shared-a')).id;
      b = (await store.tenants.create('shared-b')).id;
      for (let i = 0; i < N; i++) {
        idsA.push((await store.resources.create(a, 'User', userDoc(`u${i}`, { externalId: `ext-${i}` }))).id);
        idsB.push((await store.resources.create(b, 'User', userDoc(`u${i}`, { externalId: `ext-${i}` }))).id);
      }
      // Three users of tenant a share one externalId.
      for (let i = 0; i < 3; i++) shared.push((await store.resources.create(a, 'User', userDoc(`dup${i}`, { externalId: 'dup' }))).id);
    });
    afterAll(async () => dispose());

    const lookup = (tenant: string, filter: string, page: { startIndex?: number; count?: number } = {}) =>
      store.resources.list(tenant, 'User', { filter: parseFilter(filter), count: page.count ?? 100, startIndex: page.startIndex, read: { groups: true } });

    // Every read, as a function, so it can run all at once and then each one alone.
    function reads(): (() => Promise<unknown>)[] {
      const out: (() => Promise<unknown>)[] = [];
      const ids = (r: { resources: { id: string }[]; totalResults: number }) => ({ ids: r.resources.map((x) => x.id), total: r.totalResults });
      for (let i = 0; i < N; i++) {
        out.push(async () => ids(await lookup(a, `userName eq "U${i}"`)));
        out.push(async () => ids(await lookup(b, `userName eq "u${i}"`)));
        out.push(async () => ids(await lookup(i % 2 ? a : b, `externalId eq "ext-${i}"`)));
        out.push(async () => (await store.resources.get(a, 'User', idsA[i]!))?.id ?? null);
        // Tenant a's id asked of tenant b: not there.
        out.push(async () => (await store.resources.get(b, 'User', idsA[i]!))?.id ?? null);
      }
      out.push(async () => ids(await lookup(a, 'externalId eq "dup"')));
      out.push(async () => ids(await lookup(a, 'externalId eq "dup"', { startIndex: 2, count: 1 })));
      out.push(async () => ids(await lookup(a, 'externalId eq "dup"', { count: 0 })));
      out.push(async () => ids(await lookup(a, 'externalId eq "dup"', { startIndex: 5, count: 1 })));
      out.push(async () => ids(await lookup(b, 'externalId eq "dup"')));
      out.push(async () => ids(await lookup(b, 'userName eq "nobody"')));
      return out;
    }

    it('each gets the answer it gets alone, from its own tenant', async () => {
      const together = await Promise.all(reads().map((r) => r()));
      const alone: unknown[] = [];
      for (const r of reads()) alone.push(await r());
      expect(together).toEqual(alone);
      // And the answers are the right ones, not merely the same twice.
      for (let i = 0; i < N; i++) {
        expect(together[5 * i]).toEqual({ ids: [idsA[i]], total: 1 });
        expect(together[5 * i + 1]).toEqual({ ids: [idsB[i]], total: 1 });
        expect(together[5 * i + 2]).toEqual({ ids: [(i % 2 ? idsA : idsB)[i]], total: 1 });
        expect(together[5 * i + 3]).toBe(idsA[i]);
        expect(together[5 * i + 4]).toBeNull();
      }
      // Ordered by created, then id: users created in the same millisecond come in id order.
      const dups = together[5 * N] as { ids: string[] };
      expect([...dups.ids].sort()).toEqual([...shared].sort());
      expect(together.slice(5 * N)).toEqual([
        { ids: dups.ids, total: 3 },
        { ids: [dups.ids[1]], total: 3 },
        { ids: [], total: 3 },
        { ids: [], total: 3 },
        { ids: [], total: 0 },
        { ids: [], total: 0 },
      ]);
    });

    if (dialect !== 'postgres') return;

    describe('on PostgreSQL they travel as one statement', () => {
      let pool: pg.Pool;
      let sent: string[];
      let reader: Reader;
      beforeAll(() => {
        pool = new pg.Pool({ connectionString: url, max: 4 });
        // The real pool, with each statement sent counted.
        const counting: PgPoolLike = {
          connect: async () => {
            const c = await pool.connect();
            return {
              query: (config: pg.QueryConfig) => {
                sent.push(config.text);
                return c.query(config);
              },
              release: (err?: Error | boolean) => c.release(err),
            } as unknown as pg.PoolClient;
          },
        };
        reader = openPostgresReader(counting, 4);
      });
      afterAll(async () => pool.end());

      // The lookup's value is set after the filter parser, which refuses a NUL: PostgreSQL refuses it too.
      const byUserName = (tenant: string, value: string) => {
        const l = recogniseLookup('User', parseFilter('userName eq "x"'))!;
        return reader.quick(() => lookupPlan('postgres', tenant, 'User', { key: l.key, value }, { offset: 0, count: 10, groups: true }));
      };

      it('thirty lookups in one turn are one statement, split only past the cap', async () => {
        sent = [];
        const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => byUserName(i % 2 ? a : b, `u${i % N}`)));
        expect(sent).toHaveLength(1);
        expect(answers.map((r) => r.rows.map((row) => row.id))).toEqual(Array.from({ length: 30 }, (_, i) => [(i % 2 ? idsA : idsB)[i % N]]));

        sent = [];
        const many = await Promise.all(Array.from({ length: MAX_SHARED + 5 }, (_, i) => byUserName(a, `u${i % N}`)));
        expect(sent).toHaveLength(2);
        expect(many.every((r, i) => r.rows[0]?.id === idsA[i % N])).toBe(true);
      });

      it('a value PostgreSQL refuses fails only its own read', async () => {
        sent = [];
        const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => byUserName(a, i === 3 ? 'bad\u0000name' : `u${i}`)));
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((outcomes[0] as PromiseFulfilledResult<{ rows: Record<string, unknown>[] }>).value.rows[0]!.id).toBe(idsA[0]);
        // The shared statement, then each read alone.
        expect(sent).toHaveLength(7);
      });
    });
  });
}
