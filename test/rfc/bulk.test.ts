import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, PATCH_OP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// RFC 7644 §3.7 bulk operations over HTTP.

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const bulk = (ops: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ schemas: [BULK_REQUEST], Operations: ops, ...extra });
const createUser = (bulkId: string, userName: string) => ({ method: 'POST', path: '/Users', bulkId, data: { schemas: [USER], userName } });

for (const dialect of DIALECTS) {
  describe(`${dialect}: /Bulk (RFC 7644 §3.7)`, () => {
    let s: TestServer;
    let limited: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      limited = await startTestServer(dialect, { maxBulkOperations: 3 });
    });
    afterAll(async () => {
      await s.close();
      await limited.close();
    });

    const idOf = (location: string) => location.split('/').pop()!;

    it('creates a user and a group whose members reference it by bulkId; response shape per §3.7.3', async () => {
      const r = await s.scim(
        'POST',
        '/Bulk',
        bulk([
          createUser('u1', 'bulk.one@example.com'),
          { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP], displayName: 'Bulk Group', members: [{ type: 'User', value: 'bulkId:u1' }] } },
        ]),
      );
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.body.schemas).toEqual([BULK_RESPONSE]);
      expect(r.body.Operations).toHaveLength(2);
      const [u, g] = r.body.Operations;
      expect(u).toMatchObject({ method: 'POST', bulkId: 'u1', status: '201' });
      expect(u.location).toMatch(new RegExp(`^${s.scimUrl}/Users/[^/]+$`));
      expect(u.version).toMatch(/^W\/".+"$/);
      expect(g).toMatchObject({ method: 'POST', bulkId: 'g1', status: '201' });
      expect(g.location).toMatch(new RegExp(`^${s.scimUrl}/Groups/[^/]+$`));
      const group = await s.scim('GET', `/Groups/${idOf(g.location)}`);
      expect(group.body.displayName).toBe('Bulk Group');
      expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([idOf(u.location)]);
      expect((await s.scim('GET', `/Users/${idOf(u.location)}`)).body.userName).toBe('bulk.one@example.com');
    });

    it('resolves a forward reference: the group comes first, the user it names later', async () => {
      const r = await s.scim(
        'POST',
        '/Bulk',
        bulk([
          { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: 'Forward', members: [{ value: 'bulkId:late' }] } },
          createUser('late', 'bulk.late@example.com'),
        ]),
      );
      expect(r.status).toBe(200);
      // Results stay in request order.
      expect(r.body.Operations.map((o: { bulkId: string; status: string }) => [o.bulkId, o.status])).toEqual([
        ['g', '201'],
        ['late', '201'],
      ]);
      const group = await s.scim('GET', `/Groups/${idOf(r.body.Operations[0].location)}`);
      expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([idOf(r.body.Operations[1].location)]);
    });

    it('PUT, PATCH and DELETE in a bulk, with bulkId in the path', async () => {
      const r = await s.scim(
        'POST',
        '/Bulk',
        bulk([
          createUser('x', 'bulk.x@example.com'),
          { method: 'PUT', path: '/Users/bulkId:x', data: { schemas: [USER], userName: 'bulk.x@example.com', displayName: 'Put' } },
          { method: 'PATCH', path: '/Users/bulkId:x', data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Patched' }] } },
        ]),
      );
      expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201', '200', '200']);
      const id = idOf(r.body.Operations[0].location);
      expect((await s.scim('GET', `/Users/${id}`)).body).toMatchObject({ displayName: 'Put', title: 'Patched' });
      const del = await s.scim('POST', '/Bulk', bulk([{ method: 'DELETE', path: `/Users/${id}` }]));
      expect(del.body.Operations).toEqual([expect.objectContaining({ method: 'DELETE', status: '204' })]);
      expect((await s.scim('GET', `/Users/${id}`)).status).toBe(404);
    });

    it('a path reference to a later POST waits for it', async () => {
      const r = await s.scim(
        'POST',
        '/Bulk',
        bulk([
          { method: 'PATCH', path: '/Groups/bulkId:lg', data: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'bulkId:lu' }] }] } },
          { method: 'POST', path: '/Groups', bulkId: 'lg', data: { schemas: [GROUP], displayName: 'Later Group' } },
          createUser('lu', 'bulk.later.user@example.com'),
        ]),
      );
      expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual(['200', '201', '201']);
      const group = await s.scim('GET', `/Groups/${idOf(r.body.Operations[1].location)}`);
      expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([idOf(r.body.Operations[2].location)]);
    });

    it('an operation that fails is reported with a SCIM error response; the others still run', async () => {
      const r = await s.scim(
        'POST',
        '/Bulk',
        bulk([createUser('ok1', 'bulk.ok1@example.com'), createUser('dup', 'bulk.ok1@example.com'), { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [USER] } }, createUser('ok2', 'bulk.ok2@example.com')]),
      );
      expect(r.status).toBe(200);
      const ops = r.body.Operations;
      expect(ops.map((o: { status: string }) => o.status)).toEqual(['201', '409', '400', '201']);
      expect(ops[1].response).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
      expect(ops[2].response).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
      expect(ops[1].location).toBeUndefined();
    });

    it('failOnErrors stops after that many errors', async () => {
      const r = await s.scim(
        'POST',
        '/Bulk',
        bulk(
          [
            { method: 'POST', path: '/Users', bulkId: 'e1', data: { schemas: [USER] } },
            { method: 'POST', path: '/Users', bulkId: 'e2', data: { schemas: [USER] } },
            createUser('after', 'bulk.never@example.com'),
            { method: 'POST', path: '/Users', bulkId: 'e3', data: { schemas: [USER] } },
          ],
          { failOnErrors: 2 },
        ),
      );
      expect(r.status).toBe(200);
      expect(r.body.Operations.map((o: { bulkId: string; status: string }) => [o.bulkId, o.status])).toEqual([
        ['e1', '400'],
        ['e2', '400'],
      ]);
      const found = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "bulk.never@example.com"')}`);
      expect(found.body.totalResults).toBe(0);

      const one = await s.scim('POST', '/Bulk', bulk([createUser('fine', 'bulk.fine@example.com'), { method: 'POST', path: '/Users', bulkId: 'e', data: { schemas: [USER] } }, createUser('not', 'bulk.not@example.com')], { failOnErrors: 1 }));
      expect(one.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201', '400']);
    });

    it('an unresolvable bulkId reference fails that operation only', async () => {
      const r = await s.scim('POST', '/Bulk', bulk([{ method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: 'Dangling', members: [{ value: 'bulkId:nope' }] } }]));
      expect(r.body.Operations[0].status).toBe('400');
      expect(r.body.Operations[0].response.schemas).toEqual([ERROR]);
    });

    it('more operations than maxOperations is 413 with a SCIM error; maxOperations itself is fine', async () => {
      const ops = (k: number) => Array.from({ length: k }, (_, i) => createUser(`m${i}`, `bulk.max${k}.${i}@example.com`));
      const ok = await limited.scim('POST', '/Bulk', bulk(ops(3)));
      expect(ok.status).toBe(200);
      expect(ok.body.Operations).toHaveLength(3);
      const r = await limited.scim('POST', '/Bulk', bulk(ops(4)));
      expect(r.status).toBe(413);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.body).toMatchObject({ schemas: [ERROR], status: '413' });
      expect((await limited.scim('GET', '/Users')).body.totalResults).toBe(3);
      expect((await limited.scim('GET', '/ServiceProviderConfig')).body.bulk).toMatchObject({ supported: true, maxOperations: 3 });
    });

    it('malformed bulk requests are 400', async () => {
      for (const body of [{ schemas: [BULK_REQUEST] }, { schemas: ['urn:wrong'], Operations: [] }, bulk([{ path: '/Users' }]), bulk([{ method: 'POST', path: '/Users', data: { schemas: [USER], userName: 'nobulkid' } }])]) {
        const r = await s.scim('POST', '/Bulk', body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body).toMatchObject({ schemas: [ERROR], status: '400' });
      }
    });

    it('an unsupported path or method inside a bulk fails that operation', async () => {
      const r = await s.scim('POST', '/Bulk', bulk([{ method: 'POST', path: '/Widgets', bulkId: 'w', data: {} }, { method: 'GET', path: '/Users' }]));
      expect(r.status).toBe(200);
      expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual(['400', '400']);
    });
  });
}
