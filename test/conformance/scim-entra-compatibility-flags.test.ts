// Microsoft Entra ID conformance, the two PATCH dialects: Microsoft's "Known issues and resolutions with SCIM 2.0 protocol
// compliance of the Microsoft Entra user provisioning service" (…/app-provisioning/application-provisioning-config-problem-
// scim-compatibility), section "Flags to alter the SCIM behavior". Its four sample pairs ("Without feature flag" /
// "With feature flag") are replayed as printed. The flag lives in the tenant URL (`https://host/scim?aadOptscim062020`),
// so under it every request URL carries `?aadOptscim062020` (or `&aadOptscim062020`); scimkit must accept both dialects.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ENTERPRISE, GROUP, PATCH_OP } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createUserBody, q } from './entra-requests.js';

/** One describe per dialect and PATCH dialect; `flag` is what Entra appends to every URL of the job. */
function suite(dialect: 'sqlite' | 'postgres', variant: 'Without feature flag' | 'With feature flag (aadOptscim062020)') {
  const flagged = variant !== 'Without feature flag';
  describe(`${dialect}: Entra SCIM 2.0 compliance known issues › ${variant}`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    /** The path as the job would request it: with the flag appended when the tenant URL carries it. */
    const url = (path: string) => (flagged ? `${path}${path.includes('?') ? '&' : '?'}aadOptscim062020` : path);
    const patchOps = (path: string, Operations: Record<string, unknown>[]) => s.scim('PATCH', url(path), { schemas: [PATCH_OP], Operations });

    async function createUser() {
      const body = createUserBody();
      const r = await s.scim('POST', url('/Users'), body);
      expect(r.status).toBe(201);
      return { body, id: r.body.id as string };
    }

    async function createGroupWith(members: string[]) {
      const r = await s.scim('POST', url('/Groups'), { schemas: [GROUP], externalId: randomUUID(), displayName: `Group ${randomUUID()}`, meta: { resourceType: 'Group' } });
      expect(r.status).toBe(201);
      const add = await patchOps(`/Groups/${r.body.id}`, [{ op: flagged ? 'add' : 'Add', path: 'members', value: members.map((value) => ({ value })) }]);
      expect(add.status).toBe(204);
      return r.body.id as string;
    }

    it('the flag on the URL does not disturb the reads of a cycle (query, get, group query without members)', async () => {
      const { body, id } = await createUser();
      const byName = await s.scim('GET', url(`/Users?filter=${q(`userName eq "${body.userName}"`)}`));
      expect(byName.status).toBe(200);
      expect(byName.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
      expect((await s.scim('GET', url(`/Users/${id}`))).body.id).toBe(id);
      const groupId = await createGroupWith([id]);
      const group = await s.scim('GET', url(`/Groups/${groupId}?excludedAttributes=members`));
      expect(group.status).toBe(200);
      expect(group.body).not.toHaveProperty('members');
      const none = await s.scim('GET', url(`/Groups?excludedAttributes=members&filter=${q(`displayName eq "${randomUUID()}"`)}`));
      expect(none.status).toBe(200);
      expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    });

    it('Requests made to disable users', async () => {
      const { id } = await createUser();
      const op = flagged ? { op: 'replace', path: 'active', value: false } : { op: 'Replace', path: 'active', value: 'False' };
      const r = await patchOps(`/Users/${id}`, [op]);
      expect(r.status).toBe(200);
      // Stored as a boolean whichever way it came, and the user is still there (soft delete).
      expect(r.body.active).toBe(false);
      const got = await s.scim('GET', url(`/Users/${id}`));
      expect(got.status).toBe(200);
      expect(got.body.active).toBe(false);
    });

    it('Requests made to disable users › re-enable by the same mechanism', async () => {
      const { id } = await createUser();
      await patchOps(`/Users/${id}`, [flagged ? { op: 'replace', path: 'active', value: false } : { op: 'Replace', path: 'active', value: 'False' }]);
      const r = await patchOps(`/Users/${id}`, [flagged ? { op: 'replace', path: 'active', value: true } : { op: 'Replace', path: 'active', value: 'True' }]);
      expect(r.status).toBe(200);
      expect(r.body.active).toBe(true);
    });

    it('Requests to add a single-value string attribute', async () => {
      const { id } = await createUser();
      const r = await patchOps(`/Users/${id}`, [{ op: flagged ? 'add' : 'Add', path: 'nickName', value: 'Babs' }]);
      expect(r.status).toBe(200);
      expect(r.body.nickName).toBe('Babs');
      expect((await s.scim('GET', url(`/Users/${id}`))).body.nickName).toBe('Babs');
    });

    it('Requests to replace multiple attributes', async () => {
      const { body, id } = await createUser();
      const ops = flagged
        ? [
            { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
            {
              op: 'replace',
              value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua', [`${ENTERPRISE}:employeeNumber`]: 'Aklq' },
            },
          ]
        : [
            { op: 'Replace', path: 'displayName', value: 'Pvlo' },
            { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
            { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
            { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
            { op: 'Replace', path: 'externalId', value: 'Eqpj' },
            { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'Eqpj' },
          ];
      const want = flagged
        ? { displayName: 'Bjfe', email: 'TestMhvaes@test.microsoft.com', givenName: 'Kkom', familyName: 'Unua', externalId: body.externalId, employeeNumber: 'Aklq' }
        : { displayName: 'Pvlo', email: 'TestBcwqnm@test.microsoft.com', givenName: 'Gtfd', familyName: 'Pkqf', externalId: 'Eqpj', employeeNumber: 'Eqpj' };
      const r = await patchOps(`/Users/${id}`, ops);
      expect(r.status).toBe(200);
      for (const doc of [r.body, (await s.scim('GET', url(`/Users/${id}`))).body]) {
        expect(doc).toMatchObject({ id, userName: body.userName, displayName: want.displayName, externalId: want.externalId });
        expect(doc.name).toMatchObject({ givenName: want.givenName, familyName: want.familyName });
        expect(doc.emails).toEqual([{ primary: true, type: 'work', value: want.email }]);
        expect(doc[ENTERPRISE]).toMatchObject({ employeeNumber: want.employeeNumber });
        // Dotted keys are paths, never literal attribute names.
        expect(Object.keys(doc).filter((k) => k.includes('.') && !k.startsWith('urn:'))).toEqual([]);
      }
    });

    it('Requests made to remove a group member', async () => {
      const [a, b] = [(await createUser()).id, (await createUser()).id];
      const groupId = await createGroupWith([a, b]);
      const op = flagged ? { op: 'remove', path: `members[value eq "${a}"]` } : { op: 'Remove', path: 'members', value: [{ value: a }] };
      const r = await patchOps(`/Groups/${groupId}`, [op]);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      const got = await s.scim('GET', url(`/Groups/${groupId}`));
      expect(got.body.members.map((m: { value: string }) => m.value)).toEqual([b]);
    });

    it('Requests made to remove a group member › a no-op PATCH (removing someone already gone) succeeds', async () => {
      const [a, b] = [(await createUser()).id, (await createUser()).id];
      const groupId = await createGroupWith([b]);
      const op = flagged ? { op: 'remove', path: `members[value eq "${a}"]` } : { op: 'Remove', path: 'members', value: [{ value: a }] };
      expect((await patchOps(`/Groups/${groupId}`, [op])).status).toBe(204);
      const got = await s.scim('GET', url(`/Groups/${groupId}`));
      expect(got.body.members.map((m: { value: string }) => m.value)).toEqual([b]);
    });

    it('Delete User with the job\'s URL, then it is gone', async () => {
      const { id } = await createUser();
      expect((await s.scim('DELETE', url(`/Users/${id}`))).status).toBe(204);
      expect((await s.scim('GET', url(`/Users/${id}`))).status).toBe(404);
    });
  });
}

for (const dialect of DIALECTS) {
  suite(dialect, 'Without feature flag');
  suite(dialect, 'With feature flag (aadOptscim062020)');
}
