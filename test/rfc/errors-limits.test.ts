import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { patch, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// RFC 7644 §3.12 error responses, authentication failures, and the limits scimkit enforces.

type Res = { status: number; headers: Headers; body: any; text: string };

/** Every error is an RFC 7644 §3.12 body with the status as a string, served as application/scim+json. */
function expectScimError(r: Res, status: number, scimType?: string): void {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(r.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  expect(r.body.status).toBe(String(status));
  expect(typeof r.body.detail).toBe('string');
  if (scimType) expect(r.body.scimType).toBe(scimType);
}

/** A request with full control of headers (no default bearer token). */
async function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });

for (const dialect of DIALECTS) {
  describe(`${dialect}: errors and limits`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    describe('request errors', () => {
      it('malformed JSON is 400 invalidSyntax', async () => {
        expectScimError(await s.scim('POST', '/Users', '{"schemas": ["x"], "userName": '), 400, 'invalidSyntax');
        expectScimError(await s.scim('PATCH', '/Users/x', '{not json'), 400, 'invalidSyntax');
      });

      it('a JSON body that is not an object is 400', async () => {
        expectScimError(await s.scim('POST', '/Users', '[1,2]'), 400);
        expectScimError(await s.scim('POST', '/Users', '"text"'), 400);
      });

      it('an unknown resource is 404', async () => {
        expectScimError(await s.scim('GET', '/Users/00000000-0000-0000-0000-000000000000'), 404);
        expectScimError(await s.scim('PUT', '/Users/nope', user('nope')), 404);
        expectScimError(await s.scim('PATCH', '/Groups/nope', patch({ op: 'replace', path: 'displayName', value: 'x' })), 404);
        expectScimError(await s.scim('DELETE', '/Groups/nope'), 404);
      });

      it('an unknown endpoint is 404 with a SCIM body', async () => {
        expectScimError(await s.scim('GET', '/Widgets'), 404);
        expectScimError(await s.scim('GET', '/Users/a/b/c'), 404);
        expectScimError(await raw(`${s.origin}/nothing-here`), 404);
      });

      it('a body that is not JSON media (text/plain, application/xml) is 415', async () => {
        expectScimError(await s.scim('POST', '/Users', JSON.stringify(user('ct1')), { 'content-type': 'text/plain' }), 415);
        expectScimError(await s.scim('POST', '/Users', '<user/>', { 'content-type': 'application/xml' }), 415);
      });

      it('plain application/json is accepted as well as application/scim+json', async () => {
        const r = await s.scim('POST', '/Users', user('json-media@example.com'), { 'content-type': 'application/json; charset=utf-8' });
        expect(r.status).toBe(201);
      });

      it('a missing userName is 400 invalidValue', async () => {
        expectScimError(await s.scim('POST', '/Users', { schemas: [USER], displayName: 'No Name' }), 400, 'invalidValue');
        expectScimError(await s.scim('POST', '/Users', user('')), 400, 'invalidValue');
      });

      it('a duplicate userName is 409 uniqueness, regardless of case and on rename', async () => {
        expect((await s.scim('POST', '/Users', user('dup@example.com'))).status).toBe(201);
        expectScimError(await s.scim('POST', '/Users', user('dup@example.com')), 409, 'uniqueness');
        expectScimError(await s.scim('POST', '/Users', user('DUP@Example.com')), 409, 'uniqueness');
        const other = await s.scim('POST', '/Users', user('other@example.com'));
        expectScimError(await s.scim('PUT', `/Users/${other.body.id}`, user('dup@example.com')), 409, 'uniqueness');
        expectScimError(await s.scim('PATCH', `/Users/${other.body.id}`, patch({ op: 'replace', path: 'userName', value: 'Dup@example.com' })), 409, 'uniqueness');
        expect((await s.scim('GET', `/Users/${other.body.id}`)).body.userName).toBe('other@example.com');
      });

      it('20 concurrent POSTs of the same userName: exactly one 201, the rest 409 uniqueness', async () => {
        const all = await Promise.all(Array.from({ length: 20 }, (_, i) => s.scim('POST', '/Users', user('race@example.com', { externalId: `r${i}` }))));
        const statuses = all.map((r) => r.status).sort();
        expect(statuses.filter((x) => x === 201)).toHaveLength(1);
        for (const r of all.filter((x) => x.status !== 201)) expectScimError(r, 409, 'uniqueness');
        const list = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "race@example.com"')}`);
        expect(list.body.totalResults).toBe(1);
      });
    });

    describe('authentication (RFC 7644 §3.12: 401)', () => {
      it('no Authorization header is 401 with WWW-Authenticate', async () => {
        const r = await raw(`${s.scimUrl}/Users`, { headers: { accept: 'application/scim+json' } });
        expectScimError(r, 401);
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      });

      it('a non-bearer scheme, a bad token and a malformed token are 401', async () => {
        expectScimError(await s.scim('GET', '/Users', undefined, { authorization: 'Basic dXNlcjpwYXNz' }), 401);
        expectScimError(await s.scim('GET', '/Users', undefined, { authorization: `Bearer ${s.token.slice(0, -4)}AAAA` }), 401);
        expectScimError(await s.scim('GET', '/Users', undefined, { authorization: 'Bearer x' }), 401);
        expectScimError(await s.scim('POST', '/Users', user('unauth'), { authorization: 'Bearer x' }), 401);
      });

      it('an unauthenticated write is 401 before its body is looked at', async () => {
        expectScimError(await s.scim('POST', '/Users', '{broken', { authorization: 'Bearer x' }), 401);
        expectScimError(await s.scim('POST', '/Users', 'text', { authorization: 'Bearer x', 'content-type': 'text/plain' }), 401);
      });

      it('a revoked token is 401 at once', async () => {
        const { info, token } = await s.store.tokens.create(s.tenantId, { name: 'to-revoke' });
        const auth = { authorization: `Bearer ${token}` };
        expect((await s.scim('GET', '/Users', undefined, auth)).status).toBe(200);
        await s.store.tokens.revoke(info.id);
        expectScimError(await s.scim('GET', '/Users', undefined, auth), 401);
      });

      it('a token of another tenant is 401 on this tenant, and tenants do not see each other', async () => {
        const mine = await s.scim('POST', '/Users', user('tenant-one@example.com'));
        const other = await s.store.tenants.create(`other-${Math.random().toString(36).slice(2, 8)}`);
        const { token } = await s.store.tokens.create(other.id, { name: 'other' });
        const auth = { authorization: `Bearer ${token}` };
        expectScimError(await s.scim('GET', '/Users', undefined, auth), 401);
        expectScimError(await s.scim('GET', `/Users/${mine.body.id}`, undefined, auth), 401);
        const otherUrl = `${s.origin}/scim/v2/${other.id}`;
        const theirs = await raw(`${otherUrl}/Users`, { headers: auth });
        expect(theirs.status).toBe(200);
        expect(theirs.body.totalResults).toBe(0);
        expectScimError(await raw(`${otherUrl}/Users/${mine.body.id}`, { headers: auth }), 404);
        // And this tenant's token is refused on the other tenant's URL.
        expectScimError(await raw(`${otherUrl}/Users`, { headers: { authorization: `Bearer ${s.token}` } }), 401);
      });

      it('an unknown tenant in the URL is 401', async () => {
        expectScimError(await raw(`${s.origin}/scim/v2/no-such-tenant/Users`, { headers: { authorization: `Bearer ${s.token}` } }), 401);
      });
    });

    describe('limits', () => {
      let small: TestServer;
      let limited: TestServer;
      beforeAll(async () => {
        small = await startTestServer(dialect, { maxPayloadBytes: 2048 });
        limited = await startTestServer(dialect, { rateLimitPerSecond: 1 });
      });
      afterAll(async () => {
        await small.close();
        await limited.close();
      });

      it('a body over maxPayloadBytes is 413; one under it is accepted', async () => {
        expect((await small.scim('POST', '/Users', user('small@example.com', { title: 'x'.repeat(1000) }))).status).toBe(201);
        expectScimError(await small.scim('POST', '/Users', user('big@example.com', { title: 'x'.repeat(3000) })), 413);
        expectScimError(await small.scim('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [], pad: 'y'.repeat(4000) }), 413);
        expect((await small.scim('GET', '/ServiceProviderConfig')).body.bulk.maxPayloadSize).toBe(2048);
      });

      it('rateLimitPerSecond: 1 allows 10 requests per 10 s window, then 429 with Retry-After', async () => {
        const results: Res[] = [];
        for (let i = 0; i < 10; i++) results.push(await limited.scim('GET', '/Users'));
        expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
        const over = await limited.scim('GET', '/Users');
        expectScimError(over, 429);
        const retry = Number(over.headers.get('retry-after'));
        expect(Number.isInteger(retry)).toBe(true);
        expect(retry).toBeGreaterThanOrEqual(1);
        expect(retry).toBeLessThanOrEqual(10);
        expectScimError(await limited.scim('POST', '/Users', user('limited@example.com')), 429);
        // The limit is per token: another token of the tenant is not affected.
        const { token } = await limited.store.tokens.create(limited.tenantId, { name: 'second' });
        expect((await limited.scim('GET', '/Users', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
      });
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: malformed URLs`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    it('an id far too long is a SCIM 404, a broken percent-encoding a SCIM 400', async () => {
      const long = await s.scim('GET', `/Users/${'x'.repeat(5000)}`);
      expect(long.status).toBe(404);
      expect(long.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
      const bad = await s.scim('GET', '/Users/%E0%A4%A');
      expect(bad.status).toBe(400);
      expect(bad.body.scimType).toBe('invalidSyntax');
    });
  });
}
