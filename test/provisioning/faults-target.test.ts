// The engine against a target that misbehaves: a fault proxy in front of a real scimkit target fails a
// share of requests, throttles, answers late or goes down mid-cycle. Whatever happens, the target ends
// exactly in step with the source (every user and group, attributes and members, nothing duplicated),
// first after the initial cycle, then after one change of every kind. Escrow retries come due on a
// seconds-long schedule moved forward by the engine's clock, and client backoff runs on a test clock.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineOptions } from '../../src/provisioning/engine-context.js';
import { syncUntilSettled } from '../support/converge.js';
import { DIALECTS } from '../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { faultDirectory, type FaultDirectory } from '../support/fault-directory.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';
import { createTestClock, type TestClock } from '../support/test-clock.js';

interface Rig {
  s: Scenario;
  proxy: FaultProxy;
  dir: FaultDirectory;
  appId: string;
  clock: TestClock;
  /** Moves the engine's clock on past the next escrow retry. */
  advance(): void;
}

const ESCROW = { delaysMs: [2_000, 4_000], giveUpAfterMs: 3_600_000 };

for (const dialect of DIALECTS) {
  describe(`${dialect}: provisioning through a faulty target`, () => {
    let rig: Rig | undefined;
    afterEach(async () => {
      await rig?.proxy.close();
      await rig?.s.close();
      rig = undefined;
    });

    async function setup(client: EngineOptions['client'] = {}): Promise<Rig> {
      let skew = 0;
      const clock = createTestClock();
      const s = await startScenario(dialect, { now: () => Date.now() + skew, escrowSchedule: ESCROW, client: { clock, ...client } });
      const proxy = await startFaultProxy(s.server.origin);
      const dir = await faultDirectory(s.src);
      const app = await s.engine.createApp({ tenant: s.source, name: 'faulty', template: 'generic', targetUrl: proxy.via(s.targetUrl), token: s.targetToken });
      await dir.assign(s.engine, app.id);
      rig = { s, proxy, dir, appId: app.id, clock, advance: () => (skew += 5_000) };
      return rig;
    }

    it('provisions the directory exactly when nothing goes wrong (the baseline of the tests below)', async () => {
      const { s, dir, appId } = await setup();
      expect(await s.engine.sync(appId)).toMatchObject({ kind: 'initial', status: 'succeeded' });
      expect(await s.targetState()).toEqual(dir.expected());
      await dir.change();
      expect(await s.engine.sync(appId)).toMatchObject({ kind: 'incremental', status: 'succeeded' });
      expect(await s.targetState()).toEqual(dir.expected());
    });

    it('escrows the objects a target fails and retries them on schedule until the target is exact', async () => {
      const { s, proxy, dir, appId, advance } = await setup({ retry: { attempts: 2 } });
      const fault = proxy.inject({ action: { kind: 'status', status: 500 }, methods: ['POST', 'PATCH', 'DELETE'], share: 0.3, seed: 11 });

      const first = await s.engine.sync(appId);
      expect(first).toMatchObject({ kind: 'initial', status: 'partial' });
      expect(first.counts.failure).toBeGreaterThan(0);
      const escrowed = await s.engine.ctx.escrows.list(appId);
      expect(escrowed.length).toBeGreaterThan(0);
      // Not due yet: a cycle now creates none of the users whose POST failed.
      const sent = proxy.requests.length;
      await s.engine.sync(appId);
      expect(proxy.requests.slice(sent).filter((r) => r.method === 'POST')).toEqual([]);
      expect((await s.engine.ctx.escrows.list(appId)).map((e) => e.attempts)).toEqual(escrowed.map((e) => e.attempts));
      advance();
      await syncUntilSettled(s.engine, appId, advance);
      expect(await s.targetState()).toEqual(dir.expected());

      await dir.change();
      const cycles = await syncUntilSettled(s.engine, appId, advance);
      expect(await s.targetState()).toEqual(dir.expected());
      expect(cycles.every((c) => c.kind === 'incremental')).toBe(true);
      expect(fault.fired).toBeGreaterThan(5);
      expect((await s.engine.status(appId)).app.quarantine).toBeNull();
    });

    it('lets a group out of escrow once the member PATCH that failed goes through', async () => {
      const { s, proxy, dir, appId, advance } = await setup({ retry: { attempts: 1 } });
      proxy.inject({ action: { kind: 'status', status: 500 }, methods: ['PATCH'], path: /\/Groups\//, times: 1 });
      const first = await s.engine.sync(appId);
      expect(first).toMatchObject({ status: 'partial', counts: { referenceFailure: 1 } });
      expect(await s.engine.ctx.escrows.list(appId)).toMatchObject([{ kind: 'Group', attempts: 1 }]);
      advance();
      await syncUntilSettled(s.engine, appId, advance, 3);
      expect(await s.targetState()).toEqual(dir.expected());
      // Nothing is due any more: an idle app sends nothing and the scheduler has no reason to run it.
      const sent = proxy.requests.length;
      expect(await s.engine.sync(appId)).toMatchObject({ status: 'succeeded', counts: {} });
      expect(proxy.requests.length).toBe(sent);
      expect(await s.engine.ctx.escrows.due(appId)).toEqual([]);
    });

    it('takes 429 and 503 with Retry-After as pacing: one cycle, no failure, nothing escrowed or deferred', async () => {
      const { s, proxy, dir, appId, clock } = await setup();
      const throttled = proxy.inject({ action: { kind: 'throttle', retryAfter: 2 }, share: 0.25, seed: 3 });
      const unavailable = proxy.inject({ action: { kind: 'throttle', status: 503, retryAfter: 1 }, share: 0.1, seed: 4 });

      const first = await s.engine.sync(appId);
      expect(first).toMatchObject({ kind: 'initial', status: 'succeeded' });
      expect(await s.targetState()).toEqual(dir.expected());
      await dir.change();
      const second = await s.engine.sync(appId);
      expect(second).toMatchObject({ kind: 'incremental', status: 'succeeded' });
      expect(await s.targetState()).toEqual(dir.expected());

      for (const r of [first, second]) {
        expect(r.counts.failure ?? 0).toBe(0);
        expect(r.counts.deferred ?? 0).toBe(0);
        expect(r.quarantine).toBeNull();
      }
      expect(await s.engine.ctx.escrows.list(appId)).toEqual([]);
      expect(await s.engine.ctx.dirty.any(appId)).toBe(false);
      expect(throttled.fired).toBeGreaterThan(5);
      expect(unavailable.fired).toBeGreaterThan(0);
      // The client waited what the target asked (on the test clock).
      expect(clock.sleeps.filter((ms) => ms >= 2_000).length).toBeGreaterThan(0);
      expect(clock.sleeps.filter((ms) => ms >= 1_000 && ms < 2_000).length).toBeGreaterThan(0);
    });

    it('survives timeouts, before the target acts and after it did, without a duplicate', async () => {
      const { s, proxy, dir, appId, advance } = await setup({ timeoutMs: 400, retry: { attempts: 3 } });
      const unseen = proxy.inject({ action: { kind: 'delay', ms: 1_000, when: 'before' }, share: 0.15, seed: 5 });
      const lost = proxy.inject({ action: { kind: 'delay', ms: 1_000, when: 'after' }, methods: ['POST', 'PATCH', 'DELETE'], share: 0.2, seed: 6 });

      const first = await syncUntilSettled(s.engine, appId, advance);
      expect(await s.targetState()).toEqual(dir.expected());
      await dir.change();
      await syncUntilSettled(s.engine, appId, advance);
      expect(await s.targetState()).toEqual(dir.expected());
      expect(first[0]!.counts.failure ?? 0).toBeGreaterThan(0);
      expect(unseen.fired).toBeGreaterThan(0);
      // POSTs whose answer was lost although the target created the user: matched later, never sent twice.
      expect(proxy.requests.some((r) => r.method === 'POST' && r.fault === 'delay' && r.targetStatus === 201)).toBe(true);
      expect(lost.fired).toBeGreaterThan(0);
    });

    it('stops a cycle when the target goes down, and the next cycle after it is back converges', async () => {
      const { s, proxy, dir, appId } = await setup();
      proxy.inject({ action: { kind: 'goDown' }, skip: 12, times: 1 });
      const down = await s.engine.sync(appId);
      expect(down).toMatchObject({ kind: 'initial', status: 'failed' });
      expect(down.error).toMatch(/could not be reached/);
      expect(down.quarantine).toMatchObject({ reason: 'EncounteredQuarantineException' });
      const partial = await s.targetState();
      expect(partial.users.length).toBeLessThan(24);

      await proxy.up();
      const back = await s.engine.sync(appId);
      expect(back).toMatchObject({ kind: 'initial', status: 'succeeded', quarantine: null });
      expect(await s.targetState()).toEqual(dir.expected());

      await dir.change();
      proxy.inject({ action: { kind: 'goDown' }, skip: 4, times: 1 });
      expect(await s.engine.sync(appId)).toMatchObject({ kind: 'incremental', status: 'failed' });
      await proxy.up();
      expect(await s.engine.sync(appId)).toMatchObject({ kind: 'incremental', status: 'succeeded', quarantine: null });
      expect(await s.targetState()).toEqual(dir.expected());
    });
  });
}
