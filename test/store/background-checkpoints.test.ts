import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { WRITES_PER_CHECKPOINT } from '../../src/store/sqlite-checkpointer.js';
import { openStore, type Store } from '../../src/data/store.js';
import { freshDatabase } from '../support/databases.js';
import { userDoc } from '../support/users.js';

// SQLite only: PostgreSQL checkpoints on its own.
describe('sqlite: a server checkpoints the WAL on a worker thread, not inside its commits', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    store = await openStore(db.url, { matchMember: memberMatcher, backgroundCheckpoints: true });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('the write connection does not checkpoint; the thread copies every committed page back, and the data stays whole', async () => {
    const tenant = await store.tenants.create('ckpt');
    const auto = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(store.db.kysely);
    expect(auto.rows[0]!.wal_autocheckpoint).toBe(0);
    await Promise.all(Array.from({ length: WRITES_PER_CHECKPOINT + 10 }, (_, i) => store.resources.create(tenant.id, 'User', userDoc(`u${i}@example.com`))));
    const r = await store.db.checkpoint!();
    expect(r).toBeDefined();
    expect(r!.log).toBeGreaterThan(0);
    expect(r!.checkpointed).toBe(r!.log);
    expect((await store.resources.list(tenant.id, 'User', { count: 0 })).totalResults).toBe(WRITES_PER_CHECKPOINT + 10);
  });
});
