// Microsoft Entra ID conformance, groups: the requests of Microsoft's tutorial "Tutorial: Develop and plan provisioning
// for a SCIM endpoint in Microsoft Entra ID" (learn.microsoft.com …/app-provisioning/use-scim-to-provision-users-and-groups,
// section "Group Operations"), replayed over HTTP with the bodies as printed there (`$ref: null`, capitalised ops, the
// ADSCIM schema URN). The tutorial's rules: groups are created empty, queried by displayName with
// excludedAttributes=members, and PATCH answers 204 No Content. Each case is named after the tutorial's section.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, PATCH_OP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { ERROR, expectListResponse, expectScimJson, q } from './entra-requests.js';

const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** The tutorial's "Create Group" request body, with a fresh name. */
function createGroupBody() {
  return { schemas: [GROUP, ADSCIM_GROUP], externalId: randomUUID(), displayName: `displayName ${randomUUID()}`, meta: { resourceType: 'Group' } };
}

/** One member as the tutorial's Add/Remove Members requests write it. */
const member = (id: string) => ({ $ref: null, value: id });

function expectNoContent(r: { status: number; text: string }) {
  expect(r.status).toBe(204);
  expect(r.text).toBe('');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: Entra ID tutorial › Group Operations`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    async function createGroup(body = createGroupBody()) {
      const r = await s.scim('POST', '/Groups', body);
      expect(r.status).toBe(201);
      return { body, id: r.body.id as string };
    }

    async function createUsers(n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await s.scim('POST', '/Users', { schemas: [USER], userName: `Test_User_${randomUUID()}`, active: true, meta: { resourceType: 'User' }, roles: [] });
        expect(r.status).toBe(201);
        ids.push(r.body.id);
      }
      return ids;
    }

    const patchGroup = (id: string, ...Operations: Record<string, unknown>[]) => s.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations });

    async function memberIds(groupId: string): Promise<string[]> {
      const r = await s.scim('GET', `/Groups/${groupId}`);
      expect(r.status).toBe(200);
      return ((r.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
    }

    it('Test Connection › a displayName filter for a random GUID with excludedAttributes=members is 200 with an empty ListResponse', async () => {
      const r = await s.scim('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${randomUUID()}"`)}`);
      expectListResponse(r, 0);
      expect(r.body.Resources).toEqual([]);
    });

    it('Group Operations › Create Group', async () => {
      const body = createGroupBody();
      const r = await s.scim('POST', '/Groups', body);
      expect(r.status).toBe(201);
      expectScimJson(r);
      expect(typeof r.body.id).toBe('string');
      expect(r.body.id).not.toBe('');
      expect(r.headers.get('location')).toBe(`${s.scimUrl}/Groups/${r.body.id}`);
      expect(r.body).toMatchObject({ externalId: body.externalId, displayName: body.displayName, meta: { resourceType: 'Group' } });
      expect(r.body.schemas).toContain(GROUP);
      // "Groups are created with an empty members list."
      expect(r.body.members ?? []).toEqual([]);
    });

    it('Group Operations › Get Group (excludedAttributes=members leaves members out even when there are some)', async () => {
      const { body, id } = await createGroup();
      const [u] = await createUsers(1);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(u)] }));
      expect(await memberIds(id)).toEqual([u]);
      const r = await s.scim('GET', `/Groups/${id}?excludedAttributes=members`);
      expect(r.status).toBe(200);
      expectScimJson(r);
      expect(r.body).toMatchObject({ id, externalId: body.externalId, displayName: body.displayName });
      expect(r.body).not.toHaveProperty('members');
    });

    it('Group Operations › Get Group by displayName', async () => {
      const { body, id } = await createGroup();
      const [u] = await createUsers(1);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(u)] }));
      expect(await memberIds(id)).toEqual([u]);
      for (const path of [
        `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${body.displayName}"`)}`,
        `/Groups?excludedAttributes=members&filter=displayName eq "${body.displayName}"`,
      ]) {
        const r = await s.scim('GET', path);
        expectListResponse(r, 1);
        expect(r.body.Resources[0]).toMatchObject({ id, externalId: body.externalId, displayName: body.displayName });
        expect(r.body.Resources[0]).not.toHaveProperty('members');
      }
    });

    it('Group Operations › Get Group by displayName › a name with &, quotes and é, in any case', async () => {
      const { body, id } = await createGroup({ ...createGroupBody(), displayName: `R&D "Team" é ${randomUUID()}` });
      for (const name of [body.displayName, body.displayName.toUpperCase()]) {
        const r = await s.scim('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${name.replace(/"/g, '\\"')}"`)}`);
        expectListResponse(r, 1);
        expect(r.body.Resources[0]).toMatchObject({ id, displayName: body.displayName });
      }
    });

    it('Group Operations › Get Group by displayName › and by externalId (Entra maps objectId to externalId)', async () => {
      const { body, id } = await createGroup();
      const r = await s.scim('GET', `/Groups?excludedAttributes=members&filter=${q(`externalId eq "${body.externalId}"`)}`);
      expectListResponse(r, 1);
      expect(r.body.Resources[0].id).toBe(id);
    });

    it('Group Operations › Update Group [Non-member attributes]', async () => {
      const { body, id } = await createGroup();
      const [u] = await createUsers(1);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(u)] }));
      const newName = `${randomUUID()}updatedDisplayName`;
      expectNoContent(await patchGroup(id, { op: 'Replace', path: 'displayName', value: newName }));
      const got = await s.scim('GET', `/Groups/${id}`);
      expect(got.body).toMatchObject({ id, displayName: newName, externalId: body.externalId });
      expect(await memberIds(id)).toEqual([u]);
      expectListResponse(await s.scim('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${newName}"`)}`), 1);
      expectListResponse(await s.scim('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${body.displayName}"`)}`), 0);
    });

    it('Group Operations › Update Group [Add Members]', async () => {
      const { id } = await createGroup();
      const [u] = await createUsers(1);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(u)] }));
      expect(await memberIds(id)).toEqual([u]);
      const user = await s.scim('GET', `/Users/${u}`);
      expect(user.body.groups).toEqual([expect.objectContaining({ value: id })]);
    });

    it('Group Operations › Update Group [Add Members] › adding a member that is already there succeeds without a duplicate', async () => {
      const { id } = await createGroup();
      const [u] = await createUsers(1);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(u)] }));
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(u)] }));
      expect(await memberIds(id)).toEqual([u]);
    });

    it('Group Operations › Update Group [Remove Members] (value array; the other members stay)', async () => {
      const { id } = await createGroup();
      const [a, b] = await createUsers(2);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(a), member(b)] }));
      expectNoContent(await patchGroup(id, { op: 'Remove', path: 'members', value: [member(a)] }));
      expect(await memberIds(id)).toEqual([b]);
    });

    it('Group Operations › Update Group › several membership operations in one PATCH', async () => {
      // Gallery checklist: "Support updating multiple group memberships with a single PATCH".
      const { id } = await createGroup();
      const [a, b, c, d, e] = await createUsers(5);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(a), member(b), member(c)] }));
      expectNoContent(
        await patchGroup(
          id,
          { op: 'Remove', path: 'members', value: [member(a)] },
          { op: 'Add', path: 'members', value: [member(d)] },
          { op: 'Add', path: 'members', value: [member(e)] },
          { op: 'Remove', path: 'members', value: [member(b)] },
        ),
      );
      expect(await memberIds(id)).toEqual([c, d, e].sort());
    });

    it('Group Operations › Delete Group', async () => {
      const { body, id } = await createGroup();
      const [u] = await createUsers(1);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(u)] }));
      expectNoContent(await s.scim('DELETE', `/Groups/${id}`));
      const got = await s.scim('GET', `/Groups/${id}?excludedAttributes=members`);
      expect(got.status).toBe(404);
      expectScimJson(got);
      expect(got.body).toMatchObject({ schemas: [ERROR], status: '404' });
      expectListResponse(await s.scim('GET', `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${body.displayName}"`)}`), 0);
      // The member is a user in its own right and stays.
      expect((await s.scim('GET', `/Users/${u}`)).status).toBe(200);
    });

    it('User Operations › Delete User › a deleted member leaves the group', async () => {
      const { id } = await createGroup();
      const [a, b] = await createUsers(2);
      expectNoContent(await patchGroup(id, { op: 'Add', path: 'members', value: [member(a), member(b)] }));
      expectNoContent(await s.scim('DELETE', `/Users/${a}`));
      expect(await memberIds(id)).toEqual([b]);
    });
  });
}
