// The engine's production path killed: `scimkit serve` (whose scheduler runs the cycles of apps that are
// On) gets SIGKILL mid-cycle, first as the target has just created a user the engine never heard of, then
// in an incremental cycle as the target has just deleted a user. A new `scimkit serve` on the same
// database takes the app over once the dead process's lease lapses, by itself (nothing calls `sync`), and
// the target ends exactly in step with the source, with no create the target refused as a duplicate. On
// both databases; the target is a tenant of the same server, reached through the fault proxy.
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startServeProcess, type CliChild } from '../support/cli-process.js';
import { DIALECTS } from '../support/databases.js';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy.js';
import { faultDirectory } from '../support/fault-directory.js';
import { openServedDatabase } from '../support/served-database.js';
import { sourceTenant } from '../support/source-tenant.js';
import { scimkitTargetState, type TargetState } from '../support/target-state.js';


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of DIALECTS) {
  describe(`${dialect}: scimkit serve killed mid-cycle`, { timeout: 300_000 }, () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
    });

    it('is taken over by the next serve once its lease lapses, and the target converges exactly', async () => {
      const db = await openServedDatabase(dialect);
      cleanup.push(() => db.close());
      const { store, source, target, engine } = db;
      const dir = await faultDirectory(sourceTenant(store, source.id));
      const port = await freePort();
      const proxy: FaultProxy = await startFaultProxy(`http://127.0.0.1:${port}`);
      cleanup.push(() => proxy.close());
      const app = await engine.createApp({ tenant: source.id, name: 'served', template: 'generic', targetUrl: proxy.via(`http://127.0.0.1:${port}/scim/v2/${target.id}`), token: db.targetToken, settings: { concurrency: 2 } });
      await dir.assign(engine, app.id);
      await engine.setStatus(app.id, 'on');

      let serve: CliChild | undefined;
      cleanup.push(async () => {
        serve?.child.kill('SIGKILL');
        await serve?.done;
      });
      const start = async () => (serve = await startServeProcess(port, ['--db', db.url], { ...db.env, SCIMKIT_LEASE_SECONDS: '5' }));
      /**
       * Kills the running serve once the target has acted on the request the rule holds (its answer never
       * arrives). `from`: the number of requests seen before whatever starts the cycle, taken before it, since
       * the cycle may reach the kill point before this is called.
       */
      const killWhenHeld = async (rule: FaultRule, from: number) => {
        const end = Date.now() + 90_000;
        while (!proxy.requests.slice(from).some((q) => q.fault === 'delay' && q.targetStatus !== undefined)) {
          if (Date.now() > end) throw new Error(`the kill point was not reached (requests since: ${JSON.stringify(proxy.requests.slice(from).map((q) => [q.method, q.url, q.targetStatus, q.fault]))}): ${JSON.stringify({ ...rule, path: String(rule.path) })}`);
          await sleep(5);
        }
        serve!.child.kill('SIGKILL');
        expect((await serve!.done).signal).toBe('SIGKILL');
      };
      const converges = async (want: TargetState) => {
        const end = Date.now() + 90_000;
        let last: TargetState | undefined;
        while (Date.now() < end) {
          last = await scimkitTargetState(store, target.id);
          if (isDeepStrictEqual(last, want)) return;
          await sleep(100);
        }
        expect(last).toEqual(want);
      };

      // The scheduler starts the initial cycle by itself; killed after the target created the 6th user.
      const created: FaultRule = { action: { kind: 'delay', ms: 30_000, when: 'after' }, methods: ['POST'], path: /\/Users$/, skip: 5, times: 1 };
      const f1 = proxy.inject(created);
      const beforeStart = proxy.requests.length;
      await start();
      await killWhenHeld(created, beforeStart);
      f1.remove();
      expect((await scimkitTargetState(store, target.id)).users.length).toBeGreaterThanOrEqual(6);
      await start();
      await converges(dir.expected());

      // An incremental cycle, started by the change itself, killed after the target deleted user03.
      const deleted: FaultRule = { action: { kind: 'delay', ms: 30_000, when: 'after' }, methods: ['DELETE'], path: /\/Users\//, times: 1 };
      const f2 = proxy.inject(deleted);
      const beforeChange = proxy.requests.length;
      await dir.change();
      await killWhenHeld(deleted, beforeChange);
      f2.remove();
      await start();
      await converges(dir.expected());

      expect(proxy.requests.filter((q) => q.method === 'POST' && q.targetStatus === 409)).toEqual([]);
      // The target may be exact before the cycle that made it so has recorded its end.
      let cycles = await engine.ctx.cycles.recent(app.id);
      for (let waited = 0; cycles[0]!.status === 'running' && waited < 30_000; waited += 100) {
        await sleep(100);
        cycles = await engine.ctx.cycles.recent(app.id);
      }
      // The two killed cycles on record as stopped; every other one (the change may have been picked up
      // in more than one cycle, as its writes span a scheduler poll) succeeded.
      expect(cycles[0]).toMatchObject({ kind: 'incremental', status: 'succeeded' });
      expect(cycles.filter((c) => c.status !== 'succeeded').map((c) => `${c.kind} ${c.status}: ${c.error}`)).toEqual([
        'incremental failed: the process running this cycle stopped before it finished',
        'initial failed: the process running this cycle stopped before it finished',
      ]);
    });
  });
}
