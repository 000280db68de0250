import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import type { Database } from '../../src/store/tables.js';
import { WriteBatcher } from '../../src/store/write-batcher.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { userDoc } from '../support/users.js';

// Writes that arrive together share one commit (group commit), each in its own savepoint: to a client
// every write must still succeed or fail on its own.
for (const dialect of DIALECTS) {
  describe(`${dialect}: writes that arrive together`, () => {
    let store: Store;
    let url: string;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, url, dispose } = await openTestStore(dialect)));
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

    it('a batch runs without savepoints until a write fails; then it runs again in savepoints, and so does the next batch', async () => {
      const statements: string[] = [];
      const log = (e: { level: string; query: { sql: string } }) => void statements.push(e.query.sql.toLowerCase());
      const own =
        dialect === 'postgres'
          ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }), log })
          : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(url) }), log });
      try {
        await sql`CREATE TABLE savepoint_probe (k text PRIMARY KEY)`.execute(own);
        const batcher = new WriteBatcher(own);
        let runs = 0;
        // One batch of writes queued together; write `failing` throws after its insert.
        const batch = (tag: string, failing = -1) =>
          Promise.allSettled(
            Array.from({ length: 4 }, (_, i) =>
              batcher.run(async (trx) => {
                runs++;
                await sql`INSERT INTO savepoint_probe (k) VALUES (${`${tag}${i}`})`.execute(trx);
                if (i === failing) throw new Error(`refused ${tag}${i}`);
                return i;
              }),
            ),
          );
        const kinds = () => statements.splice(0).filter((q) => /^(savepoint|insert|rollback|release)/.test(q)).map((q) => q.split(' ')[0]);

        expect((await batch('a')).map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
        expect(kinds()).toEqual(['insert', 'insert', 'insert', 'insert']);
        expect(runs).toBe(4);

        const b = await batch('b', 2);
        expect(b.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        expect((b[2] as PromiseRejectedResult).reason.message).toBe('refused b2');
        // Three writes ran until the third failed, the transaction rolled back, and all four ran again in savepoints.
        const sp = ['savepoint', 'insert', 'release'];
        expect(kinds()).toEqual(['insert', 'insert', 'insert', 'rollback', ...sp, ...sp, 'savepoint', 'insert', 'rollback', 'release', ...sp]);
        expect(runs).toBe(4 + 3 + 4);

        await batch('c');
        expect(kinds()).toEqual([...sp, ...sp, ...sp, ...sp]);
        await batch('d');
        expect(kinds()).toEqual(['insert', 'insert', 'insert', 'insert']);

        const { rows } = await sql<{ k: string }>`SELECT k FROM savepoint_probe ORDER BY k`.execute(own);
        expect(rows.map((r) => r.k)).toEqual(['a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b3', 'c0', 'c1', 'c2', 'c3', 'd0', 'd1', 'd2', 'd3']);
      } finally {
        await own.destroy();
      }
    });
  });
}
