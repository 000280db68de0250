// The fault proxy the engine's fault tests put in front of a real target: each fault does what it says,
// the target sees (or does not see) the request accordingly, and every request is logged.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScimClient, ScimClientOptions } from '../../src/provisioning/client/scim-client.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { prng } from '../support/prng.js';
import { USER } from '../support/scim-bodies.js';
import { clientErrorOf, scimClientHarness, scimkitTargetForFile } from '../support/scim-client-harness.js';
import { createTestClock } from '../support/test-clock.js';

const scimkit = scimkitTargetForFile();
const h = scimClientHarness({});
let proxy: FaultProxy;
afterEach(async () => {
  await proxy?.close();
});

async function setup(options: Partial<ScimClientOptions> = {}): Promise<ScimClient> {
  proxy = await startFaultProxy(scimkit.server.origin);
  return h.clientAt(proxy.via(scimkit.server.scimUrl), { token: scimkit.server.token, clock: createTestClock(), ...options });
}

const user = (userName: string) => ({ schemas: [USER], userName });
const atTarget = async (userName: string) => (await scimkit.server.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.totalResults as number;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault proxy', () => {
  it('forwards untouched requests and logs them', async () => {
    const c = await setup();
    const u = await c.create('Users', user('through@example.com'));
    expect(await c.get('Users', u.id)).toMatchObject({ userName: 'through@example.com' });
    expect(proxy.requests).toMatchObject([
      { method: 'POST', url: `${new URL(scimkit.server.scimUrl).pathname}/Users`, forwarded: true, targetStatus: 201, status: 201, fault: undefined },
      { method: 'GET', forwarded: true, status: 200 },
    ]);
  });

  it('fails a seeded share of matching requests, the same ones every run', async () => {
    const c = await setup({ retry: { attempts: 1 } });
    proxy.inject({ action: { kind: 'status', status: 500 }, methods: ['GET'], path: /\/Users\?/, share: 0.3, seed: 7 });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 60; i++) outcomes.push(await c.findByAttribute('Users', 'userName', `x${i}`).then(() => true, () => false));
    const r = prng(7);
    expect(outcomes).toEqual(Array.from({ length: 60 }, () => r() >= 0.3));
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(5);
    expect(proxy.requests.filter((q) => q.fault === 'status').every((q) => !q.forwarded && q.status === 500)).toBe(true);
    // Other methods pass.
    await c.create('Users', user('post-passes@example.com'));
  });

  it('answers 429 with Retry-After a given number of times; the client paces and gets through', async () => {
    const clock = createTestClock();
    const c = await setup({ clock });
    const fault = proxy.inject({ action: { kind: 'throttle', retryAfter: 3 }, times: 2 });
    const start = clock.now();
    await c.create('Users', user('paced@example.com'));
    expect(fault.fired).toBe(2);
    expect(clock.now() - start).toBe(6000);
    expect(proxy.requests.map((q) => q.status)).toEqual([429, 429, 201]);
    expect(await atTarget('paced@example.com')).toBe(1);
  });

  it('a delay before forwarding beyond the timeout: the client gives up and the target never sees the POST', async () => {
    const c = await setup({ timeoutMs: 100 });
    proxy.inject({ action: { kind: 'delay', ms: 300, when: 'before' }, times: 1 });
    expect(await clientErrorOf(c.create('Users', user('never@example.com')))).toMatchObject({ kind: 'unknownOutcome' });
    await wait(400);
    expect(proxy.requests[0]).toMatchObject({ fault: 'delay', forwarded: false });
    expect(await atTarget('never@example.com')).toBe(0);
  });

  it('a delay after forwarding beyond the timeout: the client gives up but the target created the user', async () => {
    const c = await setup({ timeoutMs: 100 });
    proxy.inject({ action: { kind: 'delay', ms: 300, when: 'after' }, times: 1 });
    expect(await clientErrorOf(c.create('Users', user('ghost@example.com')))).toMatchObject({ kind: 'unknownOutcome' });
    expect(proxy.requests[0]).toMatchObject({ fault: 'delay', forwarded: true });
    expect(await atTarget('ghost@example.com')).toBe(1);
  });

  it('drops connections before forwarding, after the target acted, and mid-answer', async () => {
    const c = await setup({ retry: { attempts: 1 } });
    proxy.inject({ action: { kind: 'drop', when: 'before' }, times: 1 });
    expect(await clientErrorOf(c.create('Users', user('dropped-before@example.com')))).toMatchObject({ kind: 'unknownOutcome' });
    expect(await atTarget('dropped-before@example.com')).toBe(0);
    proxy.inject({ action: { kind: 'drop', when: 'after' }, times: 1 });
    expect(await clientErrorOf(c.create('Users', user('dropped-after@example.com')))).toMatchObject({ kind: 'unknownOutcome' });
    expect(await atTarget('dropped-after@example.com')).toBe(1);
    proxy.inject({ action: { kind: 'drop', when: 'midResponse' }, times: 1 });
    expect(await clientErrorOf(c.findByAttribute('Users', 'userName', 'dropped-after@example.com'))).toMatchObject({ kind: 'network' });
    expect(proxy.requests.at(-1)).toMatchObject({ fault: 'drop', forwarded: true, targetStatus: 200, status: undefined });
    // The client retries idempotent requests: the same fault once more is absorbed.
    const retrying = h.clientAt(proxy.via(scimkit.server.scimUrl), { token: scimkit.server.token, clock: createTestClock() });
    proxy.inject({ action: { kind: 'drop', when: 'midResponse' }, times: 1 });
    expect(await retrying.findByAttribute('Users', 'userName', 'dropped-after@example.com')).toHaveLength(1);
  });

  it('goes down (connections refused) and comes back', async () => {
    const c = await setup({ retry: { attempts: 1 } });
    proxy.inject({ action: { kind: 'goDown' }, skip: 2, times: 1 });
    expect(await c.testConnection()).toMatchObject({ ok: true });
    expect(await c.testConnection()).toMatchObject({ ok: true });
    expect(await c.testConnection()).toMatchObject({ ok: false });
    expect(proxy.isDown).toBe(true);
    expect(await c.testConnection()).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    await proxy.up();
    expect(await c.testConnection()).toMatchObject({ ok: true });
    await proxy.down();
    expect(await clientErrorOf(c.get('Users', 'x'))).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' });
    await proxy.up();
    expect(await c.get('Users', '00000000-0000-0000-0000-000000000000')).toBeNull();
  });
});
