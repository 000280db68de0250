import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { groupDoc, userDoc } from '../support/users.js';

// RFC 9562 version 7: 48 bits of milliseconds, version 7, 12 bits, the variant (10), 62 bits.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// New ids are time-ordered, so the rows created together share the pages of every index keyed by id.
for (const dialect of DIALECTS) {
  describe(`${dialect}: the ids of new resources`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore(dialect)));
    afterAll(async () => dispose());

    it('are UUIDs of version 7 that sort in the order the users and groups were created, one at a time or together', async () => {
      const tenant = (await store.tenants.create('ids')).id;
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await store.resources.create(tenant, 'User', userDoc(`one${i}@example.com`))).id);
      ids.push((await store.resources.create(tenant, 'Group', groupDoc('Sales'))).id);
      // Twenty at once share one commit (group commit); they are still numbered in the order they were asked for.
      const together = await Promise.all(Array.from({ length: 20 }, (_, i) => store.resources.create(tenant, 'User', userDoc(`many${i}@example.com`))));
      ids.push(...together.map((r) => r.id));
      for (const id of ids) expect(id).toMatch(UUID_V7);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
    });
  });
}
