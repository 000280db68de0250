import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import type { Database } from '../../src/store/tables.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { userDoc } from '../support/users.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Writes of one batch that name different keys overlap on PostgreSQL (their statements share round trips)
// and run one after another on SQLite; on both, writes of one key and writes without a key keep their order.
for (const dialect of DIALECTS) {
  describe(`${dialect}: writes of one batch, by key`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await openTestStore(dialect));
      await sql`CREATE TABLE overlap_probe (k text PRIMARY KEY, v integer NOT NULL)`.execute(store.db.kysely);
    });
    afterAll(async () => dispose());

    // A write that records when its first run started and ended, around a statement and a pause.
    function timed(k: string, times: Record<string, { start: number; end: number }>, ms = 80) {
      return async (trx: Transaction<Database>) => {
        const start = performance.now();
        await sql`INSERT INTO overlap_probe (k, v) VALUES (${k}, 1)`.execute(trx);
        await pause(ms);
        times[k] ??= { start, end: performance.now() };
        return k;
      };
    }

    it(`writes of different keys ${dialect === 'postgres' ? 'overlap' : 'run one after another'}, and each gets its own result`, async () => {
      const times: Record<string, { start: number; end: number }> = {};
      const results = await Promise.all([store.db.write(timed('a1', times), 'a'), store.db.write(timed('b1', times), 'b'), store.db.write(timed('c1', times), 'c')]);
      expect(results).toEqual(['a1', 'b1', 'c1']);
      if (dialect === 'postgres') {
        expect(times.b1!.start).toBeLessThan(times.a1!.end);
        expect(times.c1!.start).toBeLessThan(times.a1!.end);
      } else {
        expect(times.b1!.start).toBeGreaterThanOrEqual(times.a1!.end);
        expect(times.c1!.start).toBeGreaterThanOrEqual(times.b1!.end);
      }
    });

    it('a write of the same key starts after the one before it, and sees its change', async () => {
      const times: Record<string, { start: number; end: number }> = {};
      const seen: number[] = [];
      const bump = async (trx: Transaction<Database>) => {
        const { rows } = await sql<{ v: number }>`SELECT v FROM overlap_probe WHERE k = 'same'`.execute(trx);
        seen.push(Number(rows[0]!.v));
        await sql`UPDATE overlap_probe SET v = v + 1 WHERE k = 'same'`.execute(trx);
      };
      await sql`INSERT INTO overlap_probe (k, v) VALUES ('same', 0)`.execute(store.db.kysely);
      await Promise.all([store.db.write(timed('s1', times), 's'), store.db.write(timed('s2', times), 's'), store.db.write(bump, 'x'), store.db.write(bump, 'x'), store.db.write(bump, 'x')]);
      expect(times.s2!.start).toBeGreaterThanOrEqual(times.s1!.end);
      expect(seen).toEqual([0, 1, 2]);
    });

    it('a write without a key runs alone: after every write before it, before every write after it', async () => {
      const times: Record<string, { start: number; end: number }> = {};
      await Promise.all([store.db.write(timed('u1', times), 'u1'), store.db.write(timed('u2', times)), store.db.write(timed('u3', times), 'u3')]);
      expect(times.u2!.start).toBeGreaterThanOrEqual(times.u1!.end);
      expect(times.u3!.start).toBeGreaterThanOrEqual(times.u2!.end);
    });

    it('when one of them fails, only it is undone: the batch runs again, each write in its own savepoint', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.db.write(async (trx) => {
            await sql`INSERT INTO overlap_probe (k, v) VALUES (${`f${i}`}, ${i})`.execute(trx);
            await pause(5);
            if (i === 3) throw new Error('refused 3');
            // A statement after the failure: on PostgreSQL it reaches a transaction that is already aborted.
            await sql`UPDATE overlap_probe SET v = v + 100 WHERE k = ${`f${i}`}`.execute(trx);
            return i;
          }, `f${i}`),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      const { rows } = await sql<{ k: string; v: number }>`SELECT k, v FROM overlap_probe WHERE k LIKE 'f%' ORDER BY k`.execute(store.db.kysely);
      expect(rows.map((r) => [r.k, Number(r.v)])).toEqual([0, 1, 2, 4, 5, 6, 7].map((i) => [`f${i}`, i + 100]));
    });

    it('user creates and PATCHes of one batch keep a gap-free change feed in commit order', async () => {
      const tenant = (await store.tenants.create('overlapping')).id;
      const created = await Promise.all(Array.from({ length: 20 }, (_, i) => store.resources.create(tenant, 'User', userDoc(`o${i}`))));
      expect(created.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const updated = await Promise.all(
        created.flatMap((r, i) => [
          store.resources.update(tenant, 'User', r.id, (cur) => ({ doc: { ...cur.doc, displayName: `first ${i}` } })),
          store.resources.update(tenant, 'User', r.id, (cur) => ({ doc: { ...cur.doc, displayName: `${String(cur.doc.displayName)} then second` } })),
        ]),
      );
      // The second PATCH of each user read what the first wrote: same key, one after the other.
      for (let i = 0; i < 20; i++) expect(updated[2 * i + 1]!.resource.doc.displayName).toBe(`first ${i} then second`);
      expect(updated.map((u) => u.resource.version)).toEqual(created.flatMap(() => [2, 3]));
      // Every write got its own number, with none skipped; the feed holds each user once, at its last write.
      expect(updated.map((u) => u.resource.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 21 + i));
      const page = await store.resources.changesSince(tenant, 0, 100);
      const lastOf = new Map(created.map((r, i) => [r.id, updated[2 * i + 1]!.resource.seq]));
      expect(page.changes).toHaveLength(20);
      for (const c of page.changes) expect(c.seq).toBe(lastOf.get(c.id));
    });
  });
}
