// The outbound SCIM client against scripted loopback servers: 429/503 pace the whole client, never fail it,
// until a continuous throttled streak outlasts maxThrottleWaitMs. Time is a test clock: nothing waits for real.
import { describe, expect, it } from 'vitest';
import { clientErrorOf, scimClientHarness } from '../support/scim-client-harness.js';
import { sendJson } from '../support/scripted-server.js';
import { createTestClock } from '../support/test-clock.js';

const EMPTY = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };

const h = scimClientHarness({ random: () => 1, timeoutMs: 5000 });

describe('429 and 503 are pacing', () => {
  it('honours Retry-After in seconds and retries the same request until it passes', async () => {
    const clock = createTestClock();
    const arrivals: number[] = [];
    const server = await h.serve((req, res) => {
      arrivals.push(clock.now());
      if (req.n < 3) return sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '2' });
      sendJson(res, 200, EMPTY);
    });
    const c = h.client(server.origin, { clock });
    expect(await c.findByAttribute('Users', 'userName', 'a')).toEqual([]);
    expect(server.requests.map((r) => r.url)).toEqual(Array(4).fill('/scim/Users?filter=userName%20eq%20%22a%22'));
    expect(arrivals.map((t) => t - arrivals[0]!)).toEqual([0, 2000, 4000, 6000]);
    expect(c.stats).toMatchObject({ requests: 4, throttled: 3, retries: 0, byStatus: { 429: 3, 200: 1 } });
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = createTestClock();
    const arrivals: number[] = [];
    const server = await h.serve((req, res) => {
      arrivals.push(clock.now());
      if (req.n === 0) return sendJson(res, 503, {}, { 'retry-after': new Date(clock.now() + 45_000).toUTCString() });
      sendJson(res, 200, EMPTY);
    });
    await h.client(server.origin, { clock }).findByAttribute('Users', 'userName', 'a');
    expect(arrivals[1]! - arrivals[0]!).toBe(45_000);
  });

  it('one 429 holds back every request of the client until the time the target asked for', async () => {
    const clock = createTestClock();
    let throttledAt = 0;
    const arrivals: { n: number; at: number }[] = [];
    const server = await h.serve(async (req, res) => {
      arrivals.push({ n: req.n, at: clock.now() });
      if (req.n === 0) {
        throttledAt = clock.now();
        return sendJson(res, 429, {}, { 'retry-after': '10' });
      }
      // The three sent with the first are already in flight; hold them a moment so the gate closes first.
      if (req.n < 4) await new Promise((r) => setTimeout(r, 50));
      sendJson(res, 200, EMPTY);
    });
    const c = h.client(server.origin, { clock, concurrency: 4 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.findByAttribute('Users', 'userName', `u${i}`)));
    expect(server.requests).toHaveLength(13);
    const later = arrivals.filter((a) => a.n >= 4);
    expect(later).toHaveLength(9);
    for (const a of later) expect(a.at).toBeGreaterThanOrEqual(throttledAt + 10_000);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('without Retry-After, backs off exponentially (jitter bounded) and resets after an answer', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => {
      if (req.n < 4 || (req.n >= 5 && req.n < 6)) return sendJson(res, 503, {});
      sendJson(res, 200, EMPTY);
    });
    const c = h.client(server.origin, { clock, retry: { baseDelayMs: 1000, maxDelayMs: 60_000 } });
    await c.findByAttribute('Users', 'userName', 'a');
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    clock.sleeps.length = 0;
    await c.findByAttribute('Users', 'userName', 'b');
    expect(clock.sleeps).toEqual([1000]);
  });

  it('jitter keeps backoff between half and all of the exponential delay', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => (req.n < 3 ? sendJson(res, 503, {}) : sendJson(res, 200, EMPTY)));
    const c = h.client(server.origin, { clock, random: () => 0.25, retry: { baseDelayMs: 1000 } });
    await c.findByAttribute('Users', 'userName', 'a');
    expect(clock.sleeps).toEqual([625, 1250, 2500]);
  });

  it('gives up with kind "throttled" only after maxThrottleWaitMs of continuous throttling', async () => {
    const clock = createTestClock();
    const start = clock.now();
    const server = await h.serve((_req, res) => sendJson(res, 429, { detail: 'quota exhausted' }, { 'retry-after': '30' }));
    const c = h.client(server.origin, { clock, maxThrottleWaitMs: 120_000 });
    const err = await clientErrorOf(c.findByAttribute('Users', 'userName', 'a'));
    expect(err).toMatchObject({ kind: 'throttled', status: 429, retryAfterMs: 30_000, attempts: 5 });
    expect(err.detail).toContain('quota exhausted');
    expect(clock.now() - start).toBe(120_000);
    expect(server.requests).toHaveLength(5);
    // The gate stays closed: the next call gives up without sending anything.
    const again = await clientErrorOf(c.findByAttribute('Users', 'userName', 'b'));
    expect(again.kind).toBe('throttled');
    expect(server.requests).toHaveLength(5);
  });

  it('a Retry-After longer than the whole budget gives up at once (the engine defers), and a POST too', async () => {
    const clock = createTestClock();
    const server = await h.serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '86400' }));
    const c = h.client(server.origin, { clock, maxThrottleWaitMs: 60_000 });
    const err = await clientErrorOf(c.create('Users', { userName: 'a' }));
    expect(err).toMatchObject({ kind: 'throttled', retryAfterMs: 86_400_000 });
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('a POST answered 429 is re-sent (the target did not act on it) and creates once', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => {
      if (req.n === 0) return sendJson(res, 429, {}, { 'retry-after': '1' });
      sendJson(res, 201, { id: 'new-1', userName: 'a' });
    });
    const c = h.client(server.origin, { clock });
    expect(await c.create('Users', { userName: 'a' })).toMatchObject({ id: 'new-1' });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('throttling interleaved with answers (a rate limit) never gives up, however long it lasts', async () => {
    const clock = createTestClock();
    const server = await h.serve((req, res) => (req.n % 2 === 0 ? sendJson(res, 429, {}, { 'retry-after': '10' }) : sendJson(res, 200, EMPTY)));
    const c = h.client(server.origin, { clock, maxThrottleWaitMs: 15_000, concurrency: 1 });
    for (let i = 0; i < 10; i++) await c.findByAttribute('Users', 'userName', `u${i}`);
    expect(c.stats.throttled).toBe(10);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(100_000);
  });
});

describe('bounded concurrency', () => {
  it('never has more than `concurrency` requests in flight, and uses them all', async () => {
    const clock = createTestClock();
    const server = await h.serve(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 20));
      sendJson(res, 200, EMPTY);
    });
    const c = h.client(server.origin, { clock, concurrency: 3 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.findByAttribute('Users', 'userName', `u${i}`)));
    expect(server.maxInFlight).toBe(3);
    expect(c.stats.requests).toBe(20);
  });
});
