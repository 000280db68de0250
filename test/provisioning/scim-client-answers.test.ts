// What the outbound SCIM client sends and how it reads what comes back, against scripted loopback servers:
// headers, the Tenant URL's own query, SCIM error bodies, answers that are not SCIM, tolerant paging, chunk failures.
import { describe, expect, it } from 'vitest';
import { CLIENT_TEST_TOKEN as TOKEN, clientErrorOf, scimClientHarness } from '../support/scim-client-harness.js';
import { sendJson } from '../support/scripted-server.js';
import { createTestClock } from '../support/test-clock.js';


const h = scimClientHarness({ clock: createTestClock(), retry: { attempts: 1 } });

describe('requests', () => {
  it('send the bearer token, the SCIM media type and the user agent, and keep the Tenant URL query on every request', async () => {
    const server = await h.serve((req, res) => {
      if (req.method === 'POST') return sendJson(res, 201, { id: 'n1' });
      if (req.method === 'DELETE') return res.writeHead(204).end();
      sendJson(res, 200, { totalResults: 0 });
    });
    const c = h.client(server.origin, { baseUrl: `${server.origin}/scim/?aadOptscim062020`, userAgent: 'scimkit-test/1' });
    await c.findByAttribute('Groups', 'displayName', 'Sales & "Ops"', { excludedAttributes: ['members'] });
    await c.create('Users', { userName: 'a' });
    await c.delete('Users', 'id/with?odd#chars');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /scim/Groups?aadOptscim062020&filter=displayName%20eq%20%22Sales%20%26%20%5C%22Ops%5C%22%22&excludedAttributes=members',
      'POST /scim/Users?aadOptscim062020',
      'DELETE /scim/Users/id%2Fwith%3Fodd%23chars?aadOptscim062020',
    ]);
    const post = server.requests[1]!;
    expect(post.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'user-agent': 'scimkit-test/1' });
    expect(post.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(post.headers.accept).toMatch(/application\/scim\+json/);
    expect(JSON.parse(post.body)).toEqual({ userName: 'a' });
    expect(server.requests[0]!.headers['content-type']).toBeUndefined();
  });

  it('reuses kept-alive connections', async () => {
    const sockets = new Set<unknown>();
    const server = await h.serve((_req, res) => {
      sockets.add(res.socket);
      sendJson(res, 200, { totalResults: 0 });
    });
    const c = h.client(server.origin, { concurrency: 2 });
    for (let i = 0; i < 10; i++) await c.findByAttribute('Users', 'userName', `u${i}`);
    expect(sockets.size).toBeLessThanOrEqual(2);
  });
});

describe('errors', () => {
  it('carry status, scimType and detail from a SCIM error body, and an excerpt that never shows the token', async () => {
    const server = await h.serve((req, res) =>
      sendJson(res, 409, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'userName taken', echo: req.headers.authorization }),
    );
    const err = await clientErrorOf(h.client(server.origin).create('Users', { userName: 'a' }));
    expect(err).toMatchObject({ kind: 'http', status: 409, scimType: 'uniqueness', detail: 'userName taken', method: 'POST' });
    expect(err.url).toBe(`${server.origin}/scim/Users`);
    expect(err.bodyExcerpt).toContain('Bearer [redacted]');
    expect(JSON.stringify(err)).not.toContain(TOKEN);
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).toContain('http 409 uniqueness: userName taken');
  });

  it('an HTML page or a resource without an id where SCIM was expected is notScim', async () => {
    const server = await h.serve((req, res) => {
      if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Login</body></html>');
      sendJson(res, 201, { userName: 'a' });
    });
    const c = h.client(server.origin);
    const html = await clientErrorOf(c.findByAttribute('Users', 'userName', 'a'));
    expect(html).toMatchObject({ kind: 'notScim', status: 200, bodyExcerpt: '<html><body>Login</body></html>' });
    expect(html.detail).toMatch(/not JSON \(content-type text\/html\)/);
    expect(await clientErrorOf(c.create('Users', { userName: 'a' }))).toMatchObject({ kind: 'notScim', detail: expect.stringContaining('not a SCIM resource with an id') as unknown });
  });

  it('get of a missing resource is null; delete of a missing resource is success (false)', async () => {
    const server = await h.serve((_req, res) => sendJson(res, 404, { detail: 'not found' }));
    const c = h.client(server.origin);
    expect(await c.get('Users', 'gone')).toBeNull();
    expect(await c.delete('Users', 'gone')).toBe(false);
    expect(await clientErrorOf(c.patch('Users', 'gone', [{ op: 'replace', path: 'active', value: false }]))).toMatchObject({ kind: 'http', status: 404 });
  });
});

describe('PATCH in chunks', () => {
  it('sends member changes in chunks, and a failing chunk says which operations were applied before it', async () => {
    const server = await h.serve((req, res) => (req.n === 2 ? sendJson(res, 400, { scimType: 'invalidValue', detail: 'no such member' }) : res.writeHead(204).end()));
    const c = h.client(server.origin, { maxMembersPerPatch: 2 });
    const err = await clientErrorOf(c.patch('Groups', 'g1', [{ op: 'addMembers', members: ['a', 'b', 'c', 'd', 'e'] }]));
    expect(server.requests).toHaveLength(3);
    expect(err).toMatchObject({ kind: 'http', status: 400, scimType: 'invalidValue' });
    expect(err.applied).toEqual([
      { op: 'addMembers', members: ['a', 'b'] },
      { op: 'addMembers', members: ['c', 'd'] },
    ]);
    expect(JSON.parse(server.requests[2]!.body).Operations).toEqual([{ op: 'add', path: 'members', value: [{ value: 'e' }] }]);
  });

  it('returns the resource when the target answers 200 with it', async () => {
    const server = await h.serve((_req, res) => sendJson(res, 200, { id: 'u1', active: false }));
    const c = h.client(server.origin);
    expect(await c.patch('Users', 'u1', [{ op: 'replace', path: 'active', value: false }])).toEqual({ id: 'u1', active: false });
    expect(await c.patch('Users', 'u1', [])).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });
});

describe('listAll', () => {
  const all = Array.from({ length: 10 }, (_, i) => ({ id: `u${i}`, userName: `user${i}` }));

  it('pages by index over a target with no ServiceProviderConfig, plain application/json, no totalResults and a clamped page size', async () => {
    const server = await h.serve((req, res) => {
      const url = new URL(req.url, 'http://target');
      if (url.pathname.endsWith('/ServiceProviderConfig')) return sendJson(res, 404, {});
      const start = Number(url.searchParams.get('startIndex'));
      const count = Math.min(3, Number(url.searchParams.get('count')));
      sendJson(res, 200, { Resources: all.slice(start - 1, start - 1 + count) }, { 'content-type': 'application/json' });
    });
    const got: string[] = [];
    for await (const r of h.client(server.origin).listAll('Users', { pageSize: 50, attributes: ['userName'] })) got.push(r.id);
    expect(got).toEqual(all.map((u) => u.id));
    const pages = server.requests.filter((r) => r.url.includes('/Users'));
    expect(pages.map((r) => new URL(r.url, 'http://target').searchParams.get('startIndex'))).toEqual(['1', '4', '7', '10', '11']);
    expect(pages[0]!.url).toContain('attributes=userName');
  });

  it('stops at totalResults without asking for an empty page', async () => {
    const server = await h.serve((req, res) => {
      const url = new URL(req.url, 'http://target');
      if (url.pathname.endsWith('/ServiceProviderConfig')) return sendJson(res, 200, { patch: { supported: true } });
      const start = Number(url.searchParams.get('startIndex'));
      sendJson(res, 200, { totalResults: 10, Resources: all.slice(start - 1, start - 1 + 4) });
    });
    let n = 0;
    for await (const _ of h.client(server.origin).listAll('Users', { pageSize: 4 })) n++;
    expect(n).toBe(10);
    expect(server.requests.filter((r) => r.url.includes('/Users'))).toHaveLength(3);
  });

  it('uses an RFC 9865 cursor when advertised, within the advertised maxPageSize', async () => {
    const server = await h.serve((req, res) => {
      const url = new URL(req.url, 'http://target');
      if (url.pathname.endsWith('/ServiceProviderConfig')) return sendJson(res, 200, { pagination: { cursor: true, index: true, maxPageSize: 4 } });
      const at = Number(url.searchParams.get('cursor') || '0');
      const count = Number(url.searchParams.get('count'));
      const next = at + count < all.length ? { nextCursor: String(at + count) } : {};
      sendJson(res, 200, { totalResults: 10, Resources: all.slice(at, at + count), ...next });
    });
    const got: string[] = [];
    for await (const r of h.client(server.origin).listAll('Users', { pageSize: 100 })) got.push(r.id);
    expect(got).toEqual(all.map((u) => u.id));
    const urls = server.requests.filter((r) => r.url.includes('/Users')).map((r) => new URL(r.url, 'http://target').searchParams);
    expect(urls.map((p) => [p.get('cursor'), p.get('count')])).toEqual([
      ['', '4'],
      ['4', '4'],
      ['8', '4'],
    ]);
  });

  it('stops with notScim instead of looping forever when the target ignores startIndex', async () => {
    const server = await h.serve((req, res) => {
      if (req.url.includes('ServiceProviderConfig')) return sendJson(res, 404, {});
      sendJson(res, 200, { Resources: all.slice(0, 2) });
    });
    const got: string[] = [];
    const err = await clientErrorOf(
      (async () => {
        for await (const r of h.client(server.origin).listAll('Users', { pageSize: 2 })) got.push(r.id);
      })(),
    );
    expect(err.kind).toBe('notScim');
    expect(err.detail).toMatch(/ignores startIndex/);
    expect(got).toEqual(['u0', 'u1']);
  });
});
