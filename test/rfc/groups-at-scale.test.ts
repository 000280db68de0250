import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, patch, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Group membership under concurrency and the idempotence rules of RFC 7644 §3.5.2 for members.

for (const dialect of DIALECTS) {
  describe(`${dialect}: group membership at scale`, () => {
    let s: TestServer;
    const users: string[] = [];
    beforeAll(async () => {
      s = await startTestServer(dialect);
      for (let i = 0; i < 60; i += 10) {
        const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => s.scim('POST', '/Users', { schemas: [USER], userName: `scale${i + j}@example.com` })));
        for (const r of batch) {
          expect(r.status).toBe(201);
          users.push(r.body.id);
        }
      }
    });
    afterAll(async () => s.close());

    async function newGroup(name: string, members: string[] = []): Promise<string> {
      const r = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: name, members: members.map((value) => ({ value })) });
      expect(r.status).toBe(201);
      return r.body.id;
    }
    const memberIds = async (g: string): Promise<string[]> => ((await s.scim('GET', `/Groups/${g}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();

    it('50 concurrent clients each PATCH-adding a different member: all 50 are present', async () => {
      const g = await newGroup('Concurrent');
      const fifty = users.slice(0, 50);
      const results = await Promise.all(fifty.map((u) => s.scim('PATCH', `/Groups/${g}`, patch({ op: 'add', path: 'members', value: [{ value: u }] }))));
      expect(results.map((r) => r.status).filter((x) => x !== 204 && x !== 200)).toEqual([]);
      expect(await memberIds(g)).toEqual([...fifty].sort());
      const v = (await s.scim('GET', `/Groups/${g}`)).body.meta.version;
      expect(v).toBe('W/"51"');
    });

    it('50 concurrent adds and removes on one group leave exactly the expected members', async () => {
      const g = await newGroup('Churn', users.slice(0, 25));
      const ops = [
        ...users.slice(0, 25).map((u) => patch({ op: 'remove', path: `members[value eq "${u}"]` })),
        ...users.slice(25, 50).map((u) => patch({ op: 'add', path: 'members', value: [{ value: u }] })),
      ];
      const results = await Promise.all(ops.map((body) => s.scim('PATCH', `/Groups/${g}`, body)));
      expect(results.every((r) => r.status === 204)).toBe(true);
      expect(await memberIds(g)).toEqual(users.slice(25, 50).sort());
    });

    it('concurrent PATCHes to different groups with the same member do not interfere', async () => {
      const groups = await Promise.all(Array.from({ length: 10 }, (_, i) => newGroup(`Parallel ${i}`)));
      const results = await Promise.all(groups.map((g) => s.scim('PATCH', `/Groups/${g}`, patch({ op: 'add', path: 'members', value: users.slice(50, 55).map((value) => ({ value })) }))));
      expect(results.every((r) => r.status === 204)).toBe(true);
      for (const g of groups) expect(await memberIds(g)).toEqual(users.slice(50, 55).sort());
      const u = await s.scim('GET', `/Users/${users[50]}`);
      expect(u.body.groups.map((x: { value: string }) => x.value).sort()).toEqual([...groups].sort());
    });

    it('adding an existing member is not an error and does not duplicate it', async () => {
      const g = await newGroup('Idempotent add', users.slice(0, 3));
      const before = (await s.scim('GET', `/Groups/${g}`)).body.meta.version;
      const r = await s.scim('PATCH', `/Groups/${g}`, patch({ op: 'add', path: 'members', value: [{ value: users[0] }, { value: users[1] }, { value: users[0] }] }));
      expect(r.status).toBe(204);
      const after = await s.scim('GET', `/Groups/${g}`);
      expect(after.body.members).toHaveLength(3);
      expect(after.body.meta.version).toBe(before);
      const both = await s.scim('PATCH', `/Groups/${g}`, patch({ op: 'add', path: 'members', value: [{ value: users[0] }, { value: users[3] }] }));
      expect(both.status).toBe(204);
      expect(await memberIds(g)).toEqual(users.slice(0, 4).sort());
    });

    it('removing an absent member is not an error and does not wipe the group', async () => {
      const g = await newGroup('Idempotent remove', users.slice(0, 3));
      const absent = users[40]!;
      for (const body of [
        patch({ op: 'remove', path: `members[value eq "${absent}"]` }),
        patch({ op: 'remove', path: 'members', value: [{ value: absent }] }),
        patch({ op: 'remove', path: 'members[value eq "00000000-0000-0000-0000-000000000000"]' }),
      ]) {
        const r = await s.scim('PATCH', `/Groups/${g}`, body);
        expect(r.status, r.text).toBe(204);
        expect(await memberIds(g)).toEqual(users.slice(0, 3).sort());
      }
    });

    it('PATCH add of a member that does not exist is a 400 and changes nothing', async () => {
      const g = await newGroup('Strict', users.slice(0, 2));
      const r = await s.scim('PATCH', `/Groups/${g}`, patch({ op: 'add', path: 'members', value: [{ value: users[2] }, { value: 'no-such-user' }] }));
      expect(r.status).toBe(400);
      expect(r.body.status).toBe('400');
      expect(await memberIds(g)).toEqual(users.slice(0, 2).sort());
    });

    it('deleting a user removes it from every group it was in', async () => {
      const victim = await s.scim('POST', '/Users', { schemas: [USER], userName: 'victim@example.com' });
      const a = await newGroup('Had victim A', [victim.body.id, users[0]!]);
      const b = await newGroup('Had victim B', [victim.body.id]);
      const vA = (await s.scim('GET', `/Groups/${a}`)).body.meta.version;
      expect((await s.scim('DELETE', `/Users/${victim.body.id}`)).status).toBe(204);
      expect(await memberIds(a)).toEqual([users[0]]);
      expect(await memberIds(b)).toEqual([]);
      const gA = await s.scim('GET', `/Groups/${a}`);
      expect(gA.body.meta.version).not.toBe(vA);
      const f = await s.scim('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${victim.body.id}"]`)}`);
      expect(f.body.totalResults).toBe(0);
    });

    it('deleting a group removes it from its parent groups and from its members’ groups', async () => {
      const child = await newGroup('Child', [users[5]!]);
      const parent = await newGroup('Parent', [child, users[6]!]);
      expect((await s.scim('GET', `/Groups/${parent}`)).body.members.find((m: { value: string }) => m.value === child).type).toBe('Group');
      expect((await s.scim('DELETE', `/Groups/${child}`)).status).toBe(204);
      expect(await memberIds(parent)).toEqual([users[6]]);
      const u = await s.scim('GET', `/Users/${users[5]}`);
      expect((u.body.groups ?? []).map((x: { value: string }) => x.value)).not.toContain(child);
    });

    it('a group with 1,000 members: one add and one remove touch only those members', async () => {
      const many: string[] = [];
      for (let i = 0; i < 1000; i += 50) {
        const batch = await s.scim('POST', '/Bulk', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations: Array.from({ length: 50 }, (_, j) => ({ method: 'POST', path: '/Users', bulkId: `b${i + j}`, data: { schemas: [USER], userName: `bulkmember${i + j}@example.com` } })),
        });
        for (const o of batch.body.Operations) many.push(o.location.split('/').pop());
      }
      const g = await newGroup('Big', many);
      expect(await memberIds(g)).toHaveLength(1000);
      await s.scim('PATCH', `/Groups/${g}`, patch({ op: 'add', path: 'members', value: [{ value: users[0] }] }));
      await s.scim('PATCH', `/Groups/${g}`, patch({ op: 'remove', path: `members[value eq "${many[0]}"]` }));
      const ids = await memberIds(g);
      expect(ids).toHaveLength(1000);
      expect(ids).toContain(users[0]);
      expect(ids).not.toContain(many[0]);
      const lean = await s.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Big"')}&excludedAttributes=members`);
      expect(lean.body.Resources[0]).not.toHaveProperty('members');
    });
  });
}
