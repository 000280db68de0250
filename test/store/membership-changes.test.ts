import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { groupDoc, userDoc } from '../support/users.js';

const addMembers = (ids: string[]) => (c: { doc: Record<string, unknown> }) => ({ doc: c.doc, memberChanges: [{ op: 'add' as const, members: ids.map((value) => ({ value })) }] });
const removeMembers = (ids: string[]) => (c: { doc: Record<string, unknown> }) => ({ doc: c.doc, memberChanges: [{ op: 'remove' as const, values: ids }] });

for (const dialect of DIALECTS) {
  describe(`${dialect}: membership change log`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore(dialect)));
    afterAll(async () => dispose());

    const changes = async (tenant: string, after = 0) => store.resources.membershipChangesSince(tenant, after, await store.tenants.lastSeq(tenant), 10_000);

    it('logs each member added or removed under the seq of the write that did it', async () => {
      const t = (await store.tenants.create('log-basic')).id;
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => store.resources.create(t, 'User', userDoc(n))));
      const g = await store.resources.create(t, 'Group', groupDoc('G'), { members: [{ value: a!.id }] });
      const r1 = await store.resources.update(t, 'Group', g.id, addMembers([b!.id, c!.id, a!.id]));
      const r2 = await store.resources.update(t, 'Group', g.id, removeMembers([a!.id, 'not-a-member']));
      // A change that changes nothing logs nothing and takes no seq.
      const r3 = await store.resources.update(t, 'Group', g.id, addMembers([b!.id]));
      expect(r3.changed).toBe(false);
      const log = await changes(t);
      expect(log.map((r) => [r.seq, r.op, r.memberId])).toEqual([
        [g.seq, 'add', a!.id],
        [r1.resource.seq, 'add', b!.id],
        [r1.resource.seq, 'add', c!.id],
        [r2.resource.seq, 'remove', a!.id],
      ].sort((x, y) => (x[0] as number) - (y[0] as number) || 0));
      expect(log.every((r) => r.groupId === g.id && r.memberType === 'User')).toBe(true);
      // Reading from a watermark returns only what came after it.
      expect((await changes(t, r1.resource.seq)).map((r) => r.memberId)).toEqual([a!.id]);
    });

    it('replace logs the difference only; deleting a user or a group logs every membership that ended', async () => {
      const t = (await store.tenants.create('log-replace')).id;
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => store.resources.create(t, 'User', userDoc(n))));
      const inner = await store.resources.create(t, 'Group', groupDoc('Inner'), { members: [{ value: a!.id }, { value: b!.id }] });
      const outer = await store.resources.create(t, 'Group', groupDoc('Outer'), { members: [{ value: inner.id }, { value: a!.id }] });
      const before = await store.tenants.lastSeq(t);
      await store.resources.update(t, 'Group', inner.id, (cur) => ({ doc: cur.doc, memberChanges: [{ op: 'replace', members: [{ value: b!.id }, { value: c!.id }] }] }));
      const replaced = await changes(t, before);
      expect(replaced.map((r) => `${r.op} ${r.memberId}`).sort()).toEqual([`add ${c!.id}`, `remove ${a!.id}`].sort());

      const beforeUserDelete = await store.tenants.lastSeq(t);
      await store.resources.delete(t, 'User', b!.id);
      const userGone = await changes(t, beforeUserDelete);
      expect(userGone.map((r) => [r.groupId, r.op, r.memberId])).toEqual([[inner.id, 'remove', b!.id]]);
      const innerNow = await store.resources.get(t, 'Group', inner.id);
      expect(userGone[0]!.seq).toBe(innerNow!.seq);

      const beforeGroupDelete = await store.tenants.lastSeq(t);
      await store.resources.delete(t, 'Group', inner.id);
      const groupGone = await changes(t, beforeGroupDelete);
      expect(groupGone.map((r) => `${r.groupId === inner.id ? 'inner' : 'outer'} ${r.op} ${r.memberId} ${r.memberType}`).sort()).toEqual(
        [`inner remove ${c!.id} User`, `outer remove ${inner.id} Group`].sort(),
      );
      const feed = await store.resources.changesSince(t, beforeGroupDelete);
      const outerNow = await store.resources.get(t, 'Group', outer.id);
      expect(groupGone.find((r) => r.groupId === outer.id)!.seq).toBe(outerNow!.seq);
      expect(feed.changes.map((ch) => `${ch.op} ${ch.id}`).sort()).toEqual([`delete ${inner.id}`, `upsert ${outer.id}`].sort());
    });

    it('one member added to a large group reads as one row', async () => {
      const t = (await store.tenants.create('log-large')).id;
      const users = [];
      for (let i = 0; i < 2000; i += 250) users.push(...(await Promise.all(Array.from({ length: 250 }, (_, j) => store.resources.create(t, 'User', userDoc(`u${i + j}`))))));
      const g = await store.resources.create(t, 'Group', groupDoc('Big'), { members: users.slice(0, 1999).map((u) => ({ value: u.id })) });
      const mark = await store.tenants.lastSeq(t);
      expect(mark).toBe(g.seq);
      await store.resources.update(t, 'Group', g.id, addMembers([users[1999]!.id]));
      const log = await changes(t, mark);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ op: 'add', memberId: users[1999]!.id, groupId: g.id });
      // The initial 1,999 adds page by (seq, n).
      const first = await store.resources.membershipChangesSince(t, mark - 1, mark, 1000);
      const second = await store.resources.membershipChangesSince(t, mark - 1, mark, 1000, first[first.length - 1]);
      expect(first).toHaveLength(1000);
      expect(second).toHaveLength(999);
      expect(new Set([...first, ...second].map((r) => r.memberId)).size).toBe(1999);
      expect(await store.resources.memberIds(t, g.id)).toHaveLength(2000);
      expect(await store.resources.groupIds(t, users[0]!.id)).toEqual([g.id]);
    });

    it('a forward-only reader misses no membership change made by 16 concurrent writers', async () => {
      const t = (await store.tenants.create('log-concurrent')).id;
      const groups = await Promise.all(['A', 'B', 'C', 'D'].map((n) => store.resources.create(t, 'Group', groupDoc(n))));
      const written: string[] = [];
      let done = false;
      const seen: string[] = [];
      const reader = (async () => {
        let after = 0;
        for (;;) {
          const finished = done;
          const upTo = await store.tenants.lastSeq(t);
          const rows = await store.resources.membershipChangesSince(t, after, upTo, 100_000);
          seen.push(...rows.map((r) => `${r.groupId}/${r.memberId}`));
          after = upTo;
          if (finished) return;
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
      await Promise.all(
        Array.from({ length: 16 }, async (_, w) => {
          for (let i = 0; i < 10; i++) {
            const u = await store.resources.create(t, 'User', userDoc(`w${w}-${i}`));
            const g = groups[(w + i) % groups.length]!;
            await store.resources.update(t, 'Group', g.id, addMembers([u.id]));
            written.push(`${g.id}/${u.id}`);
          }
        }),
      );
      done = true;
      await reader;
      expect(written).toHaveLength(160);
      expect(written.filter((x) => !seen.includes(x))).toEqual([]);
      expect(seen).toHaveLength(160);
    });
  });
}
