import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore, type Store } from '../../src/data/store.js';
import { freshDatabase } from './databases.js';

/** A migrated store on a fresh database of the given kind, for one test file. */
export async function openTestStore(dialect: 'sqlite' | 'postgres', opts: { lockWaitMs?: number } = {}): Promise<{ store: Store; url: string; dispose(): Promise<void> }> {
  const db = await freshDatabase(dialect);
  const store = await openStore(db.url, { matchMember: memberMatcher, poolSize: 20, lockWaitMs: opts.lockWaitMs });
  return {
    store,
    url: db.url,
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
}
