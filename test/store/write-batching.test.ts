import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { userDoc } from '../support/users.js';

// Writes that arrive together share one commit (group commit), each in its own savepoint: to a client
// every write must still succeed or fail on its own.
for (const dialect of DIALECTS) {
  describe(`${dialect}: writes that arrive together`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore(dialect)));
    afterAll(async () => dispose());

    it('a failing write undoes only itself: the others commit, and the change feed stays gap-free', async () => {
      const tenant = (await store.tenants.create('together')).id;
      // 30 creates at once; every third repeats an earlier userName, so 10 must fail with 409.
      const names = Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? `u${i - 1}` : `u${i}`));
      const results = await Promise.allSettled(names.map((n) => store.resources.create(tenant, 'User', userDoc(n))));
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed).toHaveLength(10);
      for (const f of failed) expect((f as PromiseRejectedResult).reason).toMatchObject({ status: 409, scimType: 'uniqueness' });
      const page = await store.resources.changesSince(tenant, 0, 100);
      expect(page.changes.map((c) => c.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const listed = await store.resources.list(tenant, 'User', { count: 100 });
      expect(listed.totalResults).toBe(20);
    });

    it('a write that throws after writing leaves nothing behind, and its neighbours are kept', async () => {
      await sql`CREATE TABLE batch_probe (k text PRIMARY KEY)`.execute(store.db.kysely);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          store.db.write(async (trx) => {
            await sql`INSERT INTO batch_probe (k) VALUES (${`k${i}`})`.execute(trx);
            if (i % 4 === 1) throw new Error(`refused ${i}`);
            return i;
          }),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 4 === 1 ? 'rejected' : 'fulfilled')));
      expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused 1');
      const { rows } = await sql<{ k: string }>`SELECT k FROM batch_probe ORDER BY k`.execute(store.db.kysely);
      expect(rows.map((r) => r.k).sort()).toEqual(Array.from({ length: 12 }, (_, i) => i).filter((i) => i % 4 !== 1).map((i) => `k${i}`).sort());
    });
  });
}
