import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { groupDoc, userDoc } from '../support/users.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads a feed the way the sync engine does — only ever forward from its watermark — while writers run,
 * and returns every id it saw. A feed that hands out numbers in one order and commits in another makes
 * such a reader skip writes for good.
 */
async function followFeed(read: (after: number) => Promise<{ ids: string[]; next: number }>, done: () => boolean): Promise<Set<string>> {
  const seen = new Set<string>();
  let after = 0;
  for (;;) {
    const finished = done();
    const page = await read(after);
    for (const id of page.ids) seen.add(id);
    after = page.next;
    if (finished && page.ids.length === 0) return seen;
    await sleep(1);
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: change feed under concurrent writers`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore(dialect)));
    afterAll(async () => dispose());

    it('a forward-only reader sees every write made by 20 concurrent writers', async () => {
      const tenant = (await store.tenants.create('busy')).id;
      const group = await store.resources.create(tenant, 'Group', groupDoc('All'));
      const written: string[] = [];
      let writersDone = false;
      const writers = Array.from({ length: 20 }, async (_, w) => {
        for (let i = 0; i < 15; i++) {
          const u = await store.resources.create(tenant, 'User', userDoc(`w${w}-u${i}`));
          written.push(u.id);
          if (i % 5 === 0) await store.resources.update(tenant, 'Group', group.id, (c) => ({ doc: c.doc, memberChanges: [{ op: 'add', members: [{ value: u.id }] }] }));
        }
      });
      const reader = followFeed(
        async (after) => {
          const page = await store.resources.changesSince(tenant, after, 50);
          return { ids: page.changes.filter((c) => c.kind === 'User').map((c) => c.id), next: page.nextSeq };
        },
        () => writersDone,
      );
      await Promise.all(writers);
      writersDone = true;
      const seen = await reader;
      expect(written).toHaveLength(300);
      expect([...written].filter((id) => !seen.has(id))).toEqual([]);
      const members = await store.resources.get(tenant, 'Group', group.id, { members: true });
      expect(members?.members).toHaveLength(60);
    });

    it('sequence numbers of a tenant are unique and gap-free', async () => {
      const tenant = (await store.tenants.create('gapless')).id;
      await Promise.all(Array.from({ length: 40 }, (_, i) => store.resources.create(tenant, 'User', userDoc(`g${i}`))));
      const page = await store.resources.changesSince(tenant, 0, 1000);
      expect(page.changes.map((c) => c.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });
  });
}

// The control: the same reader against a naive feed (a database sequence, commits in random order) does
// lose writes, which shows the test above can fail.
if (DIALECTS.includes('postgres')) {
  describe('postgres: a naive sequence-number feed loses writes (control)', () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore('postgres')));
    afterAll(async () => dispose());

    it('skips writes that commit after a later number was read', async () => {
      const db = store.db.kysely;
      await sql`CREATE TABLE naive_feed (seq bigserial PRIMARY KEY, id text NOT NULL)`.execute(db);
      const written: string[] = [];
      let done = false;
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 12; i++) {
          await db.transaction().execute(async (trx) => {
            await sql`INSERT INTO naive_feed (id) VALUES (${`n${w}-${i}`})`.execute(trx);
            await sql`SELECT pg_sleep(${Math.random() * 0.02})`.execute(trx);
          });
          written.push(`n${w}-${i}`);
        }
      });
      const reader = followFeed(
        async (after) => {
          const rows = await sql<{ seq: number; id: string }>`SELECT seq, id FROM naive_feed WHERE seq > ${after} ORDER BY seq`.execute(db);
          return { ids: rows.rows.map((r) => r.id), next: rows.rows.length ? Number(rows.rows[rows.rows.length - 1]!.seq) : after };
        },
        () => done,
      );
      await Promise.all(writers);
      done = true;
      const seen = await reader;
      expect(written.filter((id) => !seen.has(id)).length).toBeGreaterThan(0);
    });
  });
}
