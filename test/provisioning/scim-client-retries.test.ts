// Retries of the outbound SCIM client: network errors, timeouts and 5xx are retried with backoff on idempotent
// methods; a POST is never re-sent once it may have reached the target (unknownOutcome instead).
import { describe, expect, it } from 'vitest';
import { clientErrorOf, scimClientHarness } from '../support/scim-client-harness.js';
import { closedPort, sendJson } from '../support/scripted-server.js';
import { createTestClock } from '../support/test-clock.js';

const EMPTY = { totalResults: 0, Resources: [] };

const h = scimClientHarness({ random: () => 1, retry: { attempts: 4, baseDelayMs: 100 }, timeoutMs: 5000 });


describe('5xx', () => {
  it('retries a GET on 500/502/504 with backoff, then succeeds', async () => {
    const clock = createTestClock();
    const statuses = [500, 502, 504];
    const server = await h.serve((req, res) => (req.n < 3 ? sendJson(res, statuses[req.n]!, {}) : sendJson(res, 200, EMPTY)));
    const c = h.client(server.origin, { clock });
    expect(await c.findByAttribute('Users', 'userName', 'a')).toEqual([]);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(c.stats).toMatchObject({ requests: 4, retries: 3, byStatus: { 500: 1, 502: 1, 504: 1, 200: 1 } });
  });

  it('gives up after `attempts` sends with an http error carrying the status and the SCIM detail', async () => {
    const clock = createTestClock();
    const server = await h.serve((_req, res) => sendJson(res, 500, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'database on fire' }));
    const err = await clientErrorOf(h.client(server.origin, { clock }).get('Users', 'u1'));
    expect(err).toMatchObject({ kind: 'http', status: 500, detail: 'database on fire', attempts: 4, method: 'GET' });
    expect(server.requests).toHaveLength(4);
  });

  it('retries PUT, PATCH and DELETE too', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => {
      if (req.n % 2 === 0) return sendJson(res, 500, {});
      if (req.method === 'DELETE') return res.writeHead(204).end();
      if (req.method === 'PATCH') return res.writeHead(204).end();
      sendJson(res, 200, { id: 'u1' });
    });
    const c = h.client(server.origin, { clock });
    await c.replace('Users', 'u1', { userName: 'a' });
    await c.patch('Users', 'u1', [{ op: 'replace', path: 'active', value: false }]);
    expect(await c.delete('Users', 'u1')).toBe(true);
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PATCH', 'PATCH', 'DELETE', 'DELETE']);
  });

  it('does not retry 501 (not implemented is not transient) or 4xx', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => sendJson(res, req.url.includes('Groups') ? 400 : 501, { detail: 'no' }));
    const c = h.client(server.origin, { clock });
    expect(await clientErrorOf(c.get('Users', 'x'))).toMatchObject({ kind: 'http', status: 501 });
    expect(await clientErrorOf(c.get('Groups', 'x'))).toMatchObject({ kind: 'http', status: 400 });
    expect(server.requests).toHaveLength(2);
  });

  it('never re-sends a POST answered 5xx', async () => {
    const clock = createTestClock();
    const server = await h.serve((_req, res) => sendJson(res, 500, { detail: 'boom' }));
    expect(await clientErrorOf(h.client(server.origin, { clock }).create('Users', { userName: 'a' }))).toMatchObject({ kind: 'http', status: 500, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('network errors', () => {
  it('retries a GET whose connection drops, mid-answer too', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => {
      if (req.n === 0) return void res.socket?.destroy();
      if (req.n === 1) {
        res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '500' });
        res.write('{"totalResults":0,');
        return void setTimeout(() => res.socket?.destroy(), 10);
      }
      sendJson(res, 200, EMPTY);
    });
    const c = h.client(server.origin, { clock });
    expect(await c.findByAttribute('Users', 'userName', 'a')).toEqual([]);
    expect(c.stats).toMatchObject({ requests: 3, retries: 2, networkErrors: 2 });
  });

  it('a POST whose connection drops after it was sent is not re-sent: unknownOutcome', async () => {
    const clock = createTestClock();
    const server = await h.serve((_req, res) => void res.socket?.destroy());
    const err = await clientErrorOf(h.client(server.origin, { clock }).create('Users', { userName: 'a' }));
    expect(err).toMatchObject({ kind: 'unknownOutcome', method: 'POST', attempts: 1 });
    expect(err.detail).toMatch(/may have been carried out/);
    expect(server.requests).toHaveLength(1);
  });

  it('a POST that could not connect is retried (it never left), then fails as network with the code', async () => {
    const clock = createTestClock();
    const port = await closedPort();
    const c = h.client(`http://127.0.0.1:${port}`, { clock });
    const err = await clientErrorOf(c.create('Users', { userName: 'a' }));
    expect(err).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', attempts: 4 });
    expect(err.detail).toMatch(/refused: nothing listens there/);
    expect(c.stats.retries).toBe(3);
  });
});

describe('timeouts', () => {
  it('retries a GET that gets no answer in time, then succeeds', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => {
      if (req.n === 0) return; // never answers
      sendJson(res, 200, EMPTY);
    });
    const c = h.client(server.origin, { clock, timeoutMs: 150 });
    expect(await c.findByAttribute('Users', 'userName', 'a')).toEqual([]);
    expect(c.stats).toMatchObject({ timeouts: 1, retries: 1 });
  });

  it('a GET that times out on every send fails with kind timeout', async () => {
    const clock = createTestClock();
    const server = await h.serve(() => undefined);
    const err = await clientErrorOf(h.client(server.origin, { clock, timeoutMs: 100, retry: { attempts: 2 } }).get('Users', 'x'));
    expect(err).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(err.detail).toMatch(/within 100 ms/);
  });

  it('the timeout covers a body that trickles in too slowly', async () => {
    const clock = createTestClock();
    const server = await h.serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      const timer = setInterval(() => res.write(' '), 30);
      res.on('close', () => clearInterval(timer));
    });
    const err = await clientErrorOf(h.client(server.origin, { clock, timeoutMs: 200, retry: { attempts: 1 } }).get('Users', 'x'));
    expect(err.kind).toBe('timeout');
  });

  it('a POST that times out is not re-sent: unknownOutcome', async () => {
    const clock = createTestClock();
    const server = await h.serve(() => undefined);
    const err = await clientErrorOf(h.client(server.origin, { clock, timeoutMs: 100 }).create('Users', { userName: 'a' }));
    expect(err).toMatchObject({ kind: 'unknownOutcome', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });
});
