// Microsoft Entra ID conformance, users: the requests of Microsoft's tutorial "Tutorial: Develop and plan provisioning
// for a SCIM endpoint in Microsoft Entra ID" (learn.microsoft.com …/app-provisioning/use-scim-to-provision-users-and-groups,
// section "User Operations", plus "Test Connection" and "Handling provisioning and deprovisioning of users"), replayed
// over HTTP with the bodies as printed there, quirks included. Each case is named after the tutorial's section.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { PATCH_OP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createUserBody, expectListResponse, expectScimError, expectScimJson, q } from './entra-requests.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: Entra ID tutorial › User Operations`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    async function createUser(body = createUserBody()) {
      const r = await s.scim('POST', '/Users', body);
      expect(r.status).toBe(201);
      return { body, id: r.body.id as string, created: r };
    }

    it('Test Connection › a filter on userName with a random GUID is 200 with an empty ListResponse', async () => {
      // "Test Connection queries the SCIM endpoint for a user that doesn't exist, using a random GUID as the matching property."
      const r = await s.scim('GET', `/Users?filter=${q(`userName eq "${randomUUID()}"`)}`);
      expectListResponse(r, 0);
      expect(r.body.Resources).toEqual([]);
    });

    it('User Operations › Create User', async () => {
      const body = createUserBody();
      const r = await s.scim('POST', '/Users', body);
      expect(r.status).toBe(201);
      expectScimJson(r);
      expect(typeof r.body.id).toBe('string');
      expect(r.body.id).not.toBe('');
      expect(r.headers.get('location')).toBe(`${s.scimUrl}/Users/${r.body.id}`);
      expect(r.body.schemas).toContain(USER);
      expect(r.body).toMatchObject({
        externalId: body.externalId,
        userName: body.userName,
        active: true,
        name: body.name,
        emails: [{ value: body.emails[0].value, type: 'work', primary: true }],
        meta: { resourceType: 'User' },
      });
      expect(typeof r.body.meta.created).toBe('string');
      expect(typeof r.body.meta.lastModified).toBe('string');
    });

    it('User Operations › Create User › Example 2 body with nulls and the "enterprise:2.0User" URN typo', async () => {
      // "Handling provisioning and deprovisioning of users", Example 2 ("Provision a user"), as printed.
      const userName = `jyoung_${randomUUID()}@testuser.com`;
      const r = await s.scim('POST', '/Users', {
        schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
        externalId: 'jyoung',
        userName,
        active: true,
        addresses: null,
        displayName: 'Joy Young',
        emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
        meta: { resourceType: 'User' },
        name: { familyName: 'Young', givenName: 'Joy' },
        phoneNumbers: null,
        preferredLanguage: null,
        title: null,
        department: null,
        manager: null,
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ userName, externalId: 'jyoung', displayName: 'Joy Young', name: { familyName: 'Young', givenName: 'Joy' } });
      // Values are stored as sent: no case folding of the e-mail address.
      expect(r.body.emails).toEqual([{ type: 'work', value: 'jyoung@Contoso.com', primary: true }]);
    });

    it('User Operations › Create User › the same userName again, in any case, is 409 uniqueness (Entra logs EntryConflict)', async () => {
      const { body } = await createUser();
      expectScimError(await s.scim('POST', '/Users', { ...body, externalId: randomUUID() }), 409, 'uniqueness');
      expectScimError(await s.scim('POST', '/Users', { ...body, userName: body.userName.toUpperCase() }), 409, 'uniqueness');
    });

    it('User Operations › Get User', async () => {
      const { body, id } = await createUser();
      const r = await s.scim('GET', `/Users/${id}`);
      expect(r.status).toBe(200);
      expectScimJson(r);
      expect(r.body).toMatchObject({ id, externalId: body.externalId, userName: body.userName, active: true, name: body.name });
      expect(r.body.emails).toEqual([{ value: body.emails[0].value, type: 'work', primary: true }]);
    });

    it('User Operations › Get User › User not found is 404 with a SCIM error body', async () => {
      expectScimError(await s.scim('GET', '/Users/5171a35d82074e068ce2'), 404);
      expectScimError(await s.scim('GET', `/Users/${randomUUID()}`), 404);
    });

    it('User Operations › Get User by query', async () => {
      const { body, id } = await createUser();
      // As Entra encodes it (+ for spaces, %22 for quotes) and as the tutorial prints it (spaces, quotes).
      for (const path of [`/Users?filter=${q(`userName eq "${body.userName}"`)}`, `/Users?filter=userName eq "${body.userName}"`]) {
        const r = await s.scim('GET', path);
        expectListResponse(r, 1);
        expect(r.body.Resources[0]).toMatchObject({ id, externalId: body.externalId, userName: body.userName, active: true });
      }
    });

    it('User Operations › Get User by query › userName eq matches regardless of case', async () => {
      const { body, id } = await createUser();
      for (const name of [body.userName.toUpperCase(), body.userName.toLowerCase()]) {
        const r = await s.scim('GET', `/Users?filter=${q(`userName eq "${name}"`)}`);
        expectListResponse(r, 1);
        expect(r.body.Resources[0].id).toBe(id);
        expect(r.body.Resources[0].userName).toBe(body.userName);
      }
    });

    it('User Operations › Get User by query › a UPN with an apostrophe and # (valid UPN characters) is found', async () => {
      const { id } = await createUser({ ...createUserBody(), userName: `O'Brien#${randomUUID()}@contoso.com` });
      const got = await s.scim('GET', `/Users/${id}`);
      const r = await s.scim('GET', `/Users?filter=${q(`userName eq "${got.body.userName}"`)}`);
      expectListResponse(r, 1);
      expect(r.body.Resources[0].id).toBe(id);
    });

    it('User Operations › Get User by query › externalId eq (Example 1: matching on mailNickname)', async () => {
      const { body, id } = await createUser();
      const r = await s.scim('GET', `/Users?filter=${q(`externalId eq "${body.externalId}"`)}`);
      expectListResponse(r, 1);
      expect(r.body.Resources[0].id).toBe(id);
    });

    it('User Operations › Get User by query › emails[type eq "work"].value eq', async () => {
      // "if user uniqueness is evaluated for both userName and emails[type eq "work"], a GET to /Users with a filter must allow for both".
      const { body, id } = await createUser();
      const r = await s.scim('GET', `/Users?filter=${q(`emails[type eq "work"].value eq "${body.emails[0].value}"`)}`);
      expectListResponse(r, 1);
      expect(r.body.Resources[0].id).toBe(id);
    });

    it('User Operations › Get User by query - Zero results', async () => {
      const r = await s.scim('GET', `/Users?filter=${q('userName eq "non-existent user"')}`);
      expectListResponse(r, 0);
      expect(r.body.Resources).toEqual([]);
    });

    it('User Operations › Update User [Multi-valued properties]', async () => {
      const { body, id } = await createUser();
      const r = await s.scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
          { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        ],
      });
      expect(r.status).toBe(200);
      expectScimJson(r);
      expect(r.body).toMatchObject({ id, userName: body.userName, externalId: body.externalId, active: true });
      expect(r.body.name).toMatchObject({ familyName: 'updatedFamilyName', givenName: 'givenName' });
      expect(r.body.emails).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
      const again = await s.scim('GET', `/Users/${id}`);
      expect(again.body.emails).toEqual(r.body.emails);
      expect(again.body.name).toEqual(r.body.name);
    });

    it('User Operations › Update User [Multi-valued properties] › Replace emails[type eq "work"].value creates the entry', async () => {
      const { emails: _none, ...body } = createUserBody();
      const { id } = await createUser(body as ReturnType<typeof createUserBody>);
      const r = await s.scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'first@microsoft.com' }],
      });
      expect(r.status).toBe(200);
      expect(r.body.emails).toEqual([expect.objectContaining({ type: 'work', value: 'first@microsoft.com' })]);
    });

    it('User Operations › Update User [Multi-valued properties] › the same PATCH again changes nothing and succeeds', async () => {
      const { id } = await createUser();
      const body = {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
          { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        ],
      };
      const first = await s.scim('PATCH', `/Users/${id}`, body);
      const second = await s.scim('PATCH', `/Users/${id}`, body);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body.emails).toEqual(first.body.emails);
      expect(second.body.meta.version).toBe(first.body.meta.version);
    });

    it('User Operations › Update User [Single-valued properties]', async () => {
      const { body, id } = await createUser();
      const newName = `${randomUUID()}@testuser.com`;
      const r = await s.scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Replace', path: 'userName', value: newName }],
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id, userName: newName, externalId: body.externalId, name: body.name });
      const byNew = await s.scim('GET', `/Users?filter=${q(`userName eq "${newName}"`)}`);
      expectListResponse(byNew, 1);
      expect(byNew.body.Resources[0].id).toBe(id);
      expectListResponse(await s.scim('GET', `/Users?filter=${q(`userName eq "${body.userName}"`)}`), 0);
    });

    it('User Operations › Update User [Single-valued properties] › a case-only userName change is not a conflict with itself', async () => {
      const { body, id } = await createUser();
      const r = await s.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'userName', value: body.userName.toUpperCase() }] });
      expect(r.status).toBe(200);
      expect(r.body.userName).toBe(body.userName.toUpperCase());
    });

    it('User Operations › Disable User', async () => {
      const { body, id } = await createUser();
      // As printed in the tutorial: Operations before schemas, a JSON boolean.
      const r = await s.scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: [PATCH_OP] });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id, active: false });
      // Soft delete: "The user object should be returned in a request whether or not the user is active."
      const got = await s.scim('GET', `/Users/${id}`);
      expect(got.status).toBe(200);
      expect(got.body.active).toBe(false);
      const found = await s.scim('GET', `/Users?filter=${q(`userName eq "${body.userName}"`)}`);
      expectListResponse(found, 1);
      expect(found.body.Resources[0]).toMatchObject({ id, active: false });
    });

    it('User Operations › Delete User', async () => {
      const { body, id } = await createUser();
      const r = await s.scim('DELETE', `/Users/${id}`);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expectScimError(await s.scim('GET', `/Users/${id}`), 404);
      expectListResponse(await s.scim('GET', `/Users?filter=${q(`userName eq "${body.userName}"`)}`), 0);
      expectScimError(await s.scim('DELETE', `/Users/${id}`), 404);
    });
  });
}
