import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/scim/filter/parse-filter.js';
import { verifyPassword } from '../../src/store/password-hash.js';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { groupDoc, userDoc } from '../support/users.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: resource store`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let tenant: string;
    let other: string;
    beforeAll(async () => {
      ({ store, dispose } = await openTestStore(dialect));
      tenant = (await store.tenants.create('corp')).id;
      other = (await store.tenants.create('other')).id;
    });
    afterAll(async () => dispose());

    it('creates and reads a user, keeping the tenant boundary', async () => {
      const u = await store.resources.create(tenant, 'User', userDoc('Alice@Example.com', { active: true }));
      expect(u.version).toBe(1);
      const got = await store.resources.get(tenant, 'User', u.id);
      expect(got?.doc.userName).toBe('Alice@Example.com');
      expect(await store.resources.get(other, 'User', u.id)).toBeUndefined();
      expect(await store.resources.get(tenant, 'Group', u.id)).toBeUndefined();
    });

    it('rejects a second userName differing only in case with 409 uniqueness, but allows it in another tenant', async () => {
      await store.resources.create(tenant, 'User', userDoc('bob@example.com'));
      await expect(store.resources.create(tenant, 'User', userDoc('BOB@example.com'))).rejects.toMatchObject({ status: 409, scimType: 'uniqueness' });
      await expect(store.resources.create(other, 'User', userDoc('bob@example.com'))).resolves.toBeTruthy();
    });

    it('updates only when something changed, bumping version and seq; If-Match mismatch is 412', async () => {
      const u = await store.resources.create(tenant, 'User', userDoc('carol'));
      const same = await store.resources.update(tenant, 'User', u.id, (cur) => ({ doc: cur.doc }));
      expect(same.changed).toBe(false);
      expect(same.resource.version).toBe(1);
      const changed = await store.resources.update(tenant, 'User', u.id, (cur) => ({ doc: { ...cur.doc, displayName: 'Carol' } }), { ifMatch: 'W/"1"' });
      expect(changed.changed).toBe(true);
      expect(changed.resource.version).toBe(2);
      expect(changed.resource.seq).toBeGreaterThan(u.seq);
      await expect(store.resources.update(tenant, 'User', u.id, (cur) => ({ doc: { ...cur.doc, title: 'x' } }), { ifMatch: 'W/"1"' })).rejects.toMatchObject({ status: 412 });
      await expect(store.resources.update(tenant, 'User', 'missing', (cur) => ({ doc: cur.doc }))).rejects.toMatchObject({ status: 404 });
    });

    it('renaming onto a taken userName is 409 and loses nothing', async () => {
      const d = await store.resources.create(tenant, 'User', userDoc('dave'));
      await expect(store.resources.update(tenant, 'User', d.id, (cur) => ({ doc: { ...cur.doc, userName: 'CAROL' } }))).rejects.toMatchObject({ status: 409 });
      expect((await store.resources.get(tenant, 'User', d.id))?.doc.userName).toBe('dave');
    });

    it('keeps the e-mail index in step with updates, and leaves it alone when the e-mails did not change', async () => {
      const byEmail = async (v: string) => (await store.resources.list(tenant, 'User', { filter: parseFilter(`emails.value eq "${v}"`), count: 10 })).resources.map((r) => r.id);
      const u = await store.resources.create(tenant, 'User', userDoc('emails-user', { emails: [{ value: 'erin@old.example', type: 'work' }] }));
      expect(await byEmail('erin@old.example')).toEqual([u.id]);
      await store.resources.update(tenant, 'User', u.id, (cur) => ({ doc: { ...cur.doc, emails: [{ value: 'Erin@New.example', type: 'work' }] } }));
      expect(await byEmail('erin@old.example')).toEqual([]);
      expect(await byEmail('erin@new.example')).toEqual([u.id]);
      // A change elsewhere in the document, with the same e-mails listed in another order and case.
      await store.resources.update(tenant, 'User', u.id, (cur) => ({ doc: { ...cur.doc, displayName: 'Erin E', emails: [{ value: 'ERIN@new.example', type: 'home' }] } }));
      expect(await byEmail('erin@new.example')).toEqual([u.id]);
      expect((await store.resources.get(tenant, 'User', u.id))?.doc.displayName).toBe('Erin E');
    });

    it("lists users with their groups the same way on the first page, behind an offset and through cursors", async () => {
      const t = (await store.tenants.create('paged-groups')).id;
      const users = [];
      for (let i = 0; i < 6; i++) users.push(await store.resources.create(t, 'User', userDoc(`pg${i}`)));
      const beta = await store.resources.create(t, 'Group', groupDoc('beta'), { members: [{ value: users[1]!.id }, { value: users[4]!.id }] });
      const alpha = await store.resources.create(t, 'Group', groupDoc('Alpha'), { members: [{ value: users[4]!.id }, { value: users[5]!.id }] });
      const expected = new Map(users.map((u) => [u.id, [] as { value: string; display: string }[]]));
      for (const g of [alpha, beta]) for (const m of (await store.resources.get(t, 'Group', g.id, { members: true }))!.members!) expected.get(m.value)!.push({ value: g.id, display: g.doc.displayName as string });
      const seen = new Map<string, unknown>();
      for (const startIndex of [1, 3, 5]) {
        const page = await store.resources.list(t, 'User', { startIndex, count: 2, read: { groups: true } });
        for (const r of page.resources) seen.set(r.id, r.groups);
      }
      let cursor = '';
      const viaCursor = new Map<string, unknown>();
      for (;;) {
        const page = await store.resources.list(t, 'User', { cursor, count: 4, read: { groups: true } });
        for (const r of page.resources) viaCursor.set(r.id, r.groups);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      // Groups come ordered by display name, case-insensitively: Alpha before beta.
      expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(expected));
      expect(Object.fromEntries(viaCursor)).toEqual(Object.fromEntries(expected));
      expect(expected.get(users[4]!.id)!.map((g) => g.display)).toEqual(['Alpha', 'beta']);
      expect((await store.resources.get(t, 'User', users[4]!.id, { groups: true }))?.groups).toEqual(expected.get(users[4]!.id));
    });

    it("orders a user's groups the same way in a lookup, a read by id and a page behind an offset, by code point on SQLite", async () => {
      const t = (await store.tenants.create('group-order')).id;
      await store.resources.create(t, 'User', userDoc('first'));
      // A later millisecond, so `orders` is the second user in created order.
      await new Promise((r) => setTimeout(r, 5));
      const u = await store.resources.create(t, 'User', userDoc('orders'));
      // U+1D49C (a surrogate pair in UTF-16) sorts after U+FB00 by code point, as in UTF-8, but before it by UTF-16 unit.
      const names = ['\u{1D49C}y', 'Zeta', '\u{FB00}x', 'alpha', 'Émile'];
      for (const n of names) await store.resources.create(t, 'Group', groupDoc(n), { members: [{ value: u.id }] });
      const byLookup = (await store.resources.list(t, 'User', { filter: parseFilter('userName eq "orders"'), count: 10, read: { groups: true } })).resources[0]!.groups;
      const byId = (await store.resources.get(t, 'User', u.id, { groups: true }))!.groups;
      // The first page reads groups in its statement; a page behind an offset reads them separately.
      const firstPage = (await store.resources.list(t, 'User', { startIndex: 1, count: 2, read: { groups: true } })).resources;
      const behindOffset = (await store.resources.list(t, 'User', { startIndex: 2, count: 1, read: { groups: true } })).resources;
      expect(firstPage.map((r) => r.id)[1]).toBe(u.id);
      expect(behindOffset.map((r) => r.id)).toEqual([u.id]);
      expect(firstPage[1]!.groups).toEqual(byLookup);
      expect(behindOffset[0]!.groups).toEqual(byLookup);
      expect(byId).toEqual(byLookup);
      expect(byLookup!.map((g) => g.display).sort()).toEqual([...names].sort());
      if (dialect === 'sqlite') expect(byLookup!.map((g) => g.display)).toEqual(['alpha', 'Zeta', 'Émile', '\u{FB00}x', '\u{1D49C}y']);
    });

    it('hashes passwords before storing them', async () => {
      const u = await store.resources.create(tenant, 'User', userDoc('erin', { password: 'S3cret!pass' }));
      const row = await store.db.kysely.selectFrom('resources').select('doc').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row.doc)).not.toContain('S3cret!pass');
      expect(String(u.doc.password)).toMatch(/^\$scrypt\$/);
      expect(await verifyPassword('S3cret!pass', String(u.doc.password))).toBe(true);
      expect(await verifyPassword('s3cret!pass', String(u.doc.password))).toBe(false);
    });

    it('keeps memberships in their own table: add is idempotent, removing an absent member is no error, unknown members are 400', async () => {
      const g = await store.resources.create(tenant, 'Group', groupDoc('Engineering'));
      const a = await store.resources.create(tenant, 'User', userDoc('m1'));
      const b = await store.resources.create(tenant, 'User', userDoc('m2'));
      const add = (ids: string[]) => store.resources.update(tenant, 'Group', g.id, (c) => ({ doc: c.doc, memberChanges: [{ op: 'add', members: ids.map((value) => ({ value })) }] }), { read: { members: true } });
      const r1 = await add([a.id, b.id]);
      expect(r1.resource.members?.map((m) => m.value).sort()).toEqual([a.id, b.id].sort());
      expect(r1.resource.members?.find((m) => m.value === a.id)).toMatchObject({ type: 'User', display: 'm1' });
      const r2 = await add([a.id]);
      expect(r2.changed).toBe(false);
      const r3 = await store.resources.update(tenant, 'Group', g.id, (c) => ({ doc: c.doc, memberChanges: [{ op: 'remove', values: ['not-a-member'] }] }));
      expect(r3.changed).toBe(false);
      await expect(add(['no-such-user'])).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' });
      await expect(add([g.id])).rejects.toMatchObject({ status: 400 });
      const r4 = await store.resources.update(tenant, 'Group', g.id, (c) => ({ doc: c.doc, memberChanges: [{ op: 'removeWhere', filter: parseFilter(`value eq "${a.id}"`) }] }), { read: { members: true } });
      expect(r4.resource.members?.map((m) => m.value)).toEqual([b.id]);
      const withGroups = await store.resources.get(tenant, 'User', b.id, { groups: true });
      expect(withGroups?.groups).toEqual([{ value: g.id, display: 'Engineering' }]);
      const r5 = await store.resources.update(tenant, 'Group', g.id, (c) => ({ doc: c.doc, memberChanges: [{ op: 'replace', members: [{ value: a.id }] }] }), { read: { members: true } });
      expect(r5.resource.members?.map((m) => m.value)).toEqual([a.id]);
      // A member added by another tenant's id does not exist here.
      const foreign = await store.resources.create(other, 'User', userDoc('foreigner'));
      await expect(add([foreign.id])).rejects.toMatchObject({ status: 400 });
    });

    it('deleting a user leaves a tombstone and removes it from its groups, which change too', async () => {
      const g = await store.resources.create(tenant, 'Group', groupDoc('Sales'));
      const u = await store.resources.create(tenant, 'User', userDoc('leaver'));
      const withMember = await store.resources.update(tenant, 'Group', g.id, (c) => ({ doc: c.doc, memberChanges: [{ op: 'add', members: [{ value: u.id }] }] }));
      const before = withMember.resource;
      const since = before.seq;
      await store.resources.delete(tenant, 'User', u.id);
      expect(await store.resources.get(tenant, 'User', u.id)).toBeUndefined();
      const after = await store.resources.get(tenant, 'Group', g.id, { members: true });
      expect(after?.members).toEqual([]);
      expect(after!.version).toBe(before.version + 1);
      const feed = await store.resources.changesSince(tenant, since);
      expect(feed.changes.map((c) => [c.op, c.id])).toEqual([
        ['delete', u.id],
        ['upsert', g.id],
      ]);
      await expect(store.resources.delete(tenant, 'User', u.id)).rejects.toMatchObject({ status: 404 });
    });

    it('pages the change feed in order, with every sequence number once', async () => {
      const t = (await store.tenants.create('feed')).id;
      for (let i = 0; i < 25; i++) await store.resources.create(t, 'User', userDoc(`f${i}`));
      const seen: number[] = [];
      let after = 0;
      for (;;) {
        const page = await store.resources.changesSince(t, after, 10);
        seen.push(...page.changes.map((c) => c.seq));
        after = page.nextSeq;
        if (!page.more) break;
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: group names`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore(dialect)));
    afterAll(async () => dispose());

    it('are unique per tenant regardless of case (409 uniqueness), and a user may share a group name', async () => {
      const t = (await store.tenants.create('names')).id;
      const o = (await store.tenants.create('names2')).id;
      await store.resources.create(t, 'Group', groupDoc('Sales'));
      await expect(store.resources.create(t, 'Group', groupDoc('SALES'))).rejects.toMatchObject({ status: 409, scimType: 'uniqueness' });
      await expect(store.resources.create(o, 'Group', groupDoc('Sales'))).resolves.toBeTruthy();
      await expect(store.resources.create(t, 'User', userDoc('sales', { displayName: 'Sales' }))).resolves.toBeTruthy();
      await expect(store.resources.create(t, 'User', userDoc('sales2', { displayName: 'Sales' }))).resolves.toBeTruthy();
    });
  });
}
