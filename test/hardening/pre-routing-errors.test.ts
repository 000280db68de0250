import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/server/security-headers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 9: what is refused before routing (by Node's HTTP parser or Fastify's router) answers like
// every other error: a SCIM error body, the SCIM media type and the security headers. No storage is read on
// these paths, so one database is enough.

type Raw = { status: number; headers: Record<string, string>; body: any };

/** Sends bytes as they are on a fresh connection and parses the one response that comes back. */
function rawRequest(port: number, bytes: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const lines = head!.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      let body: unknown;
      try {
        body = JSON.parse(rest.join('\r\n\r\n'));
      } catch {
        body = rest.join('\r\n\r\n');
      }
      resolve({ status: Number(lines[0]!.split(' ')[1]), headers, body });
    });
    socket.write(bytes);
  });
}

function expectScimErrorWithHeaders(r: Raw, status: number): void {
  expect(r.status, JSON.stringify(r)).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  expect(typeof r.body.detail).toBe('string');
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(r.headers[k], k).toBe(v);
}

describe(`${DIALECTS[0]}: errors before routing`, () => {
  let s: TestServer;
  let port: number;
  let path: string;
  beforeAll(async () => {
    s = await startTestServer(DIALECTS[0]!);
    port = Number(new URL(s.origin).port);
    path = new URL(s.scimUrl).pathname;
  });
  afterAll(async () => s.close());

  it('headers over 16 KB: 431 with a SCIM body and the security headers', async () => {
    const r = await rawRequest(port, `GET ${path}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.token}\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectScimErrorWithHeaders(r, 431);
  });

  it('a URL over 16 KB: 431 the same way', async () => {
    const r = await rawRequest(port, `GET ${path}/Users?filter=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expectScimErrorWithHeaders(r, 431);
  });

  it('both Transfer-Encoding and Content-Length: 400 invalidSyntax', async () => {
    const body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"smuggle"}';
    const r = await rawRequest(
      port,
      `POST ${path}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.token}\r\nContent-Type: application/scim+json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expectScimErrorWithHeaders(r, 400);
    expect(r.body.scimType).toBe('invalidSyntax');
    expect((await s.scim('GET', '/Users?filter=userName eq "smuggle"')).body.totalResults).toBe(0);
  });

  it('a request line that is not HTTP: 400', async () => {
    expectScimErrorWithHeaders(await rawRequest(port, 'NOT A REQUEST\r\n\r\n'), 400);
  });

  it('a malformed percent-encoding in the path: 400 with the security headers', async () => {
    const res = await fetch(`${s.scimUrl}/Users/%E0%A4%A`, { headers: { authorization: `Bearer ${s.token}` } });
    const r: Raw = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.json() };
    expectScimErrorWithHeaders(r, 400);
    expect(r.body.scimType).toBe('invalidSyntax');
  });

  it('an id over the router limit: a SCIM 404 with the security headers', async () => {
    const res = await fetch(`${s.scimUrl}/Users/${'x'.repeat(5000)}`, { headers: { authorization: `Bearer ${s.token}` } });
    expectScimErrorWithHeaders({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.json() }, 404);
  });
});
