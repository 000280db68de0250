// Test Connection (Entra: a random GUID looked up on the matching attribute must give 200 and an empty list):
// each way a target can be wrong gives a plain-words reason, the status and an excerpt of what it said.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scimClientHarness, scimkitTargetForFile } from '../support/scim-client-harness.js';
import { closedPort, sendJson } from '../support/scripted-server.js';

const scimkit = scimkitTargetForFile();
const h = scimClientHarness({});

function client(baseUrl: string, token = scimkit.server.token, timeoutMs = 5000) {
  return h.clientAt(baseUrl, { token, timeoutMs });
}

describe('Test Connection', () => {
  it('sends one GET filtering the matching attribute on a random GUID', async () => {
    const server = await h.serve((_req, res) => sendJson(res, 200, { totalResults: 0, Resources: [] }));
    const c = client(`${server.origin}/scim`);
    expect(await c.testConnection()).toMatchObject({ ok: true, status: 200 });
    expect(await c.testConnection('Groups', 'displayName')).toMatchObject({ ok: true });
    const [u, g] = server.requests.map((r) => decodeURIComponent(r.url));
    expect(u).toMatch(/^\/scim\/Users\?filter=userName eq "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
    expect(g).toMatch(/^\/scim\/Groups\?filter=displayName eq "/);
  });

  it('a bad token: 401 from scimkit, explained', async () => {
    const r = await client(scimkit.server.scimUrl, 'scimkit_wrong_token').testConnection();
    expect(r).toMatchObject({ ok: false, status: 401 });
    if (r.ok) throw new Error('unreachable');
    expect(r.reason).toMatch(/refused the Secret Token \(401/);
    expect(r.bodyExcerpt).toContain('Error');
    expect(r.bodyExcerpt).not.toContain('scimkit_wrong_token');
  });

  it('a URL that is not the SCIM base: 404, explained', async () => {
    const r = await client(`${scimkit.server.origin}/scim/v3/nothing-here`).testConnection();
    expect(r).toMatchObject({ ok: false, status: 404, reason: expect.stringContaining('must be the SCIM base URL') as unknown });
  });

  it('a web page instead of SCIM', async () => {
    const server = await h.serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Welcome</title>'));
    const r = await client(`${server.origin}/`).testConnection();
    expect(r).toMatchObject({ ok: false, status: 200, bodyExcerpt: '<!doctype html><title>Welcome</title>' });
    if (r.ok) throw new Error('unreachable');
    expect(r.reason).toMatch(/web page/);
  });

  it('JSON that is not a ListResponse, and a target that ignores the filter', async () => {
    const server = await h.serve((req, res) =>
      req.n === 0 ? sendJson(res, 200, { status: 'ok' }) : sendJson(res, 200, { totalResults: 3, Resources: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }),
    );
    const c = client(`${server.origin}/scim`);
    expect(await c.testConnection()).toMatchObject({ ok: false, status: 200, reason: expect.stringContaining('not a ListResponse') as unknown });
    expect(await c.testConnection()).toMatchObject({ ok: false, reason: expect.stringContaining('returned 3 Users') as unknown });
  });

  it('other statuses: forbidden, bad filter, redirect, server error, rate limit', async () => {
    const answers: [number, Record<string, string>, RegExp][] = [
      [403, {}, /not allow it to read Users \(403/],
      [400, {}, /rejected the lookup filter \(400 invalidFilter\)/],
      [301, { location: 'https://elsewhere.example/scim' }, /redirects \(301\) to https:\/\/elsewhere.example\/scim/],
      [500, {}, /failed \(500\)\. The target said: kaput/],
      [429, { 'retry-after': '5' }, /rate limiting \(429\)/],
    ];
    const server = await h.serve((req, res) => {
      const [status, headers] = answers[req.n]!;
      sendJson(res, status, { scimType: status === 400 ? 'invalidFilter' : undefined, detail: 'kaput' }, headers);
    });
    const c = client(`${server.origin}/scim`);
    for (const [status, , reason] of answers) {
      const r = await c.testConnection();
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.status).toBe(status);
      expect(r.reason).toMatch(reason);
    }
    expect(server.requests).toHaveLength(answers.length);
  });

  it('nothing listening: connection refused, sent once', async () => {
    const port = await closedPort();
    const r = await client(`http://127.0.0.1:${port}/scim`).testConnection();
    expect(r).toMatchObject({ ok: false, status: undefined, code: 'ECONNREFUSED' });
    if (r.ok) throw new Error('unreachable');
    expect(r.reason).toMatch(/cannot be reached: connection to .* refused/);
  });

  it('a host name that does not resolve', async () => {
    const r = await client('https://scimkit-test.invalid/scim').testConnection();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(r.code);
    expect(r.reason).toMatch(/DNS/);
  });

  it('a certificate the client cannot trust', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scimkit-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      const https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
      await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
      try {
        const port = (https.address() as { port: number }).port;
        const r = await client(`https://127.0.0.1:${port}/scim`).testConnection();
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.code).toMatch(/SELF_SIGNED|CERT/);
        expect(r.reason).toMatch(/TLS with https:\/\/127\.0\.0\.1:\d+ failed/);
      } finally {
        https.closeAllConnections();
        await new Promise<void>((r) => https.close(() => r()));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no answer in time', async () => {
    const server = await h.serve(() => undefined);
    const r = await client(`${server.origin}/scim`, scimkit.server.token, 150).testConnection();
    expect(r).toMatchObject({ ok: false, status: undefined });
    if (r.ok) return;
    expect(r.reason).toMatch(/did not answer in time: no complete answer .* within 150 ms/);
  });
});
