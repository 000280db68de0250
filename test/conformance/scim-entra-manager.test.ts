// Microsoft Entra ID conformance, the manager reference: Microsoft's tutorial "Tutorial: Develop and plan provisioning for a
// SCIM endpoint in Microsoft Entra ID" (use-scim-to-provision-users-and-groups), "Handling provisioning and deprovisioning
// of users" Examples 4 (check the reference) and 5 (PATCH Add manager as [{$ref, value}]), its schema example
// (`"manager": "123456"` under the enterprise URN), and the plain-string form seen on the wire (GH apache/directory-scimple#1242,
// Captain-P-Goldfish/SCIM-SDK#686). Entra compares what it reads back with what it wrote and re-PATCHes when they differ,
// so the manager must come back as `{ value: <id> }` whatever shape it went in.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ENTERPRISE, PATCH_OP } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createUserBody, q } from './entra-requests.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: Entra ID tutorial › manager reference`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    async function createUser(extra: Record<string, unknown> = {}): Promise<string> {
      const r = await s.scim('POST', '/Users', createUserBody(extra));
      expect(r.status).toBe(201);
      return r.body.id as string;
    }

    async function managerOf(id: string): Promise<any> {
      const r = await s.scim('GET', `/Users/${id}`);
      expect(r.status).toBe(200);
      return r.body[ENTERPRISE]?.manager;
    }

    it('Example 5 › PATCH Add path "manager" with [{"$ref", "value"}] reads back as {value}', async () => {
      const managerId = await createUser();
      const id = await createUser();
      const r = await s.scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Add', path: 'manager', value: [{ $ref: `${s.scimUrl}/Users/${managerId}`, value: managerId }] }],
      });
      expect(r.status).toBe(200);
      expect(r.body[ENTERPRISE].manager).toMatchObject({ value: managerId });
      expect(r.body.schemas).toContain(ENTERPRISE);
      expect(await managerOf(id)).toMatchObject({ value: managerId });
    });

    it('manager as a plain string at the enterprise URN path reads back as {value}', async () => {
      const managerId = await createUser();
      const id = await createUser();
      const r = await s.scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: managerId }],
      });
      expect(r.status).toBe(200);
      const manager = await managerOf(id);
      expect(manager).toMatchObject({ value: managerId });
      expect(typeof manager).toBe('object');
    });

    it('Create User with the enterprise manager as a plain string (the tutorial\'s schema example) reads back as {value}', async () => {
      const managerId = await createUser();
      const id = await createUser({ [ENTERPRISE]: { manager: managerId, employeeNumber: '701984' } });
      expect(await managerOf(id)).toMatchObject({ value: managerId });
    });

    it('Replace manager with another user, then the same one again: the second PATCH changes nothing', async () => {
      const first = await createUser();
      const second = await createUser();
      const id = await createUser({ [ENTERPRISE]: { manager: first } });
      const body = { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: second }] };
      const changed = await s.scim('PATCH', `/Users/${id}`, body);
      expect(changed.status).toBe(200);
      expect(changed.body[ENTERPRISE].manager).toMatchObject({ value: second });
      const same = await s.scim('PATCH', `/Users/${id}`, body);
      expect(same.status).toBe(200);
      expect(same.body.meta.version).toBe(changed.body.meta.version);
    });

    it('Example 4 › reference check: filter id eq "<id>" and manager eq "<managerId>" with attributes=id', async () => {
      // The tutorial lists this query's parameters (two Equals filters on "ID" and "manager", requested attribute "ID")
      // rather than printing the URL; this is that query in RFC 7644 filter syntax, encoded as Entra encodes filters.
      const managerId = await createUser();
      const id = await createUser({ [ENTERPRISE]: { manager: { value: managerId } } });
      const hit = await s.scim('GET', `/Users?filter=${q(`id eq "${id}" and manager eq "${managerId}"`)}&attributes=id`);
      expect(hit.status).toBe(200);
      expect(hit.body.totalResults).toBe(1);
      expect(hit.body.Resources[0].id).toBe(id);
      // Either order of the two expressions.
      const reversed = await s.scim('GET', `/Users?filter=${q(`manager eq "${managerId}" and id eq "${id}"`)}&attributes=id`);
      expect(reversed.body.totalResults).toBe(1);
      const miss = await s.scim('GET', `/Users?filter=${q(`id eq "${id}" and manager eq "${randomUUID()}"`)}&attributes=id`);
      expect(miss.status).toBe(200);
      expect(miss.body.totalResults).toBe(0);
      expect(miss.body.Resources).toEqual([]);
    });
  });
}
