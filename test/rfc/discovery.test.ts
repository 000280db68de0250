import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ENTERPRISE, GROUP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// RFC 7644 §4 discovery endpoints and the RFC 7643 §5–§7 resources they serve.

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

for (const dialect of DIALECTS) {
  describe(`${dialect}: discovery (RFC 7644 §4)`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect, { maxBulkOperations: 7, maxPayloadBytes: 65_536, maxResults: 42 })));
    afterAll(async () => s.close());

    it('/ServiceProviderConfig advertises patch, bulk, filter, sort, etag and the configured limits', async () => {
      const r = await s.scim('GET', '/ServiceProviderConfig');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.body.schemas).toEqual([SPC]);
      expect(r.body.patch).toEqual({ supported: true });
      expect(r.body.bulk).toEqual({ supported: true, maxOperations: 7, maxPayloadSize: 65_536 });
      expect(r.body.filter).toEqual({ supported: true, maxResults: 42 });
      expect(r.body.sort).toEqual({ supported: true });
      expect(r.body.etag).toEqual({ supported: true });
      expect(r.body.changePassword).toEqual({ supported: false });
      expect(r.body.authenticationSchemes).toEqual([expect.objectContaining({ type: 'oauthbearertoken', name: expect.any(String), description: expect.any(String) })]);
      expect(r.body.meta).toMatchObject({ resourceType: 'ServiceProviderConfig', location: `${s.scimUrl}/ServiceProviderConfig` });
    });

    it('/ServiceProviderConfig advertises RFC 9865 pagination consistent with maxResults', async () => {
      const p = (await s.scim('GET', '/ServiceProviderConfig')).body.pagination;
      expect(p).toMatchObject({ cursor: true, index: true, maxPageSize: 42, defaultPageSize: 42 });
      expect(['index', 'cursor']).toContain(p.defaultPaginationMethod);
      expect(p.cursorTimeout).toBeGreaterThan(0);
    });

    it('/Schemas lists User, EnterpriseUser and Group as a ListResponse', async () => {
      const r = await s.scim('GET', '/Schemas');
      expect(r.status).toBe(200);
      expect(r.body.schemas).toEqual([LIST]);
      const ids = r.body.Resources.map((x: { id: string }) => x.id);
      expect(ids).toEqual(expect.arrayContaining([USER, ENTERPRISE, GROUP]));
      expect(r.body.totalResults).toBe(r.body.Resources.length);
      for (const sch of r.body.Resources) {
        expect(sch.schemas).toEqual([SCHEMA]);
        expect(sch.meta).toEqual({ resourceType: 'Schema', location: `${s.scimUrl}/Schemas/${sch.id}` });
      }
    });

    it('/Schemas/{urn} serves one schema with its attribute definitions', async () => {
      const r = await s.scim('GET', `/Schemas/${USER}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ schemas: [SCHEMA], id: USER, name: 'User' });
      const userName = r.body.attributes.find((a: { name: string }) => a.name === 'userName');
      expect(userName).toMatchObject({ type: 'string', multiValued: false, required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'server' });
      const password = r.body.attributes.find((a: { name: string }) => a.name === 'password');
      expect(password).toMatchObject({ returned: 'never', mutability: 'writeOnly' });
      const emails = r.body.attributes.find((a: { name: string }) => a.name === 'emails');
      expect(emails.multiValued).toBe(true);
      expect(emails.subAttributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['value', 'type', 'primary']));

      const ent = await s.scim('GET', `/Schemas/${ENTERPRISE}`);
      expect(ent.body.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['employeeNumber', 'department', 'manager']));
      const grp = await s.scim('GET', `/Schemas/${GROUP}`);
      expect(grp.body.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['displayName', 'members']));
    });

    it('/Schemas/{unknown} is 404 with a SCIM error', async () => {
      const r = await s.scim('GET', '/Schemas/urn:example:nothing');
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    });

    it('/ResourceTypes lists User and Group', async () => {
      const r = await s.scim('GET', '/ResourceTypes');
      expect(r.status).toBe(200);
      expect(r.body.schemas).toEqual([LIST]);
      const byName = Object.fromEntries(r.body.Resources.map((x: { name: string }) => [x.name, x]));
      expect(Object.keys(byName).sort()).toEqual(['Group', 'User']);
      expect(byName.Group).toMatchObject({ schemas: [RESOURCE_TYPE], endpoint: '/Groups', schema: GROUP });
    });

    it('/ResourceTypes/User names its endpoint, schema and the enterprise extension', async () => {
      const r = await s.scim('GET', '/ResourceTypes/User');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ schemas: [RESOURCE_TYPE], id: 'User', name: 'User', endpoint: '/Users', schema: USER });
      expect(r.body.schemaExtensions).toEqual([{ schema: ENTERPRISE, required: false }]);
      expect(r.body.meta).toEqual({ resourceType: 'ResourceType', location: `${s.scimUrl}/ResourceTypes/User` });
      expect((await s.scim('GET', '/ResourceTypes/Nope')).status).toBe(404);
    });

    it('every schema and resource type named by /ResourceTypes is served by /Schemas', async () => {
      const types = (await s.scim('GET', '/ResourceTypes')).body.Resources;
      for (const t of types) {
        expect((await s.scim('GET', `/Schemas/${t.schema}`)).status).toBe(200);
        for (const e of t.schemaExtensions) expect((await s.scim('GET', `/Schemas/${e.schema}`)).status).toBe(200);
      }
    });
  });
}
