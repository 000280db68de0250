// The engine as admins run it, `scimkit sync` in a process of its own, killed with SIGKILL mid-cycle and
// raced against a second `scimkit sync` of the same app. The source directory and the engine's tables
// are in one database (SQLite file or PostgreSQL) shared by this test's scimkit server and the CLI
// processes; the target is a scimkit tenant of that server, reached through the fault proxy, which holds
// the request where the kill must land. Whatever was cut short, the next `sync` (once the dead holder's
// lease lapsed) leaves the target exactly in step with the source: nothing missing, nothing duplicated,
// and no create the target had to refuse as a duplicate.
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey } from '../../src/provisioning/secrets/secret-key.js';
import { startCli, type CliChild } from '../support/cli-process.js';
import { DIALECTS } from '../support/databases.js';
import { startFaultProxy, type FaultProxy, type FaultRule, type ProxiedRequest } from '../support/fault-proxy.js';
import { faultDirectory, type FaultDirectory } from '../support/fault-directory.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';

const KEY = 'a-test-secret-key-that-is-long-enough';
/** A short lease, so a killed holder's lease lapses in seconds (renewed every third of it while alive), with room for a loaded machine's stalls. */
const LEASE_SECONDS = '5';

interface Rig {
  s: Scenario;
  proxy: FaultProxy;
  dir: FaultDirectory;
  appId: string;
  sync(...extra: string[]): CliChild;
  /** A sync with scimkit's default 30 s lease: where no holder dies, a loaded machine's stalls cannot lapse it. */
  syncDefaultLease(...extra: string[]): CliChild;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Creates the target refused as already there: a create the engine should have matched instead. */
const refusedCreates = (requests: ProxiedRequest[]) => requests.filter((r) => r.method === 'POST' && r.targetStatus === 409).map((r) => r.url);

for (const dialect of DIALECTS) {
  describe(`${dialect}: scimkit sync processes killed mid-cycle and racing`, { timeout: 300_000 }, () => {
    let rig: Rig | undefined;
    afterEach(async () => {
      await rig?.proxy.close();
      await rig?.s.close();
      rig = undefined;
    });

    async function setup(): Promise<Rig> {
      const s = await startScenario(dialect, { secretKey: loadSecretKey(':memory:', { SCIMKIT_SECRET_KEY: KEY }) });
      const proxy = await startFaultProxy(s.server.origin);
      const dir = await faultDirectory(s.src);
      // Two requests in flight: the order of requests, and so where a kill lands, is nearly fixed.
      const app = await s.engine.createApp({ tenant: s.source, name: 'faulty', template: 'generic', targetUrl: proxy.via(s.targetUrl), token: s.targetToken, settings: { concurrency: 2 } });
      await dir.assign(s.engine, app.id);
      const run = (env: Record<string, string>) => (...extra: string[]) => startCli(['sync', 'faulty', '--db', s.server.dbUrl, '--json', ...extra], env);
      rig = { s, proxy, dir, appId: app.id, sync: run({ SCIMKIT_SECRET_KEY: KEY, SCIMKIT_LEASE_SECONDS: LEASE_SECONDS }), syncDefaultLease: run({ SCIMKIT_SECRET_KEY: KEY }) };
      return rig;
    }

    /**
     * Starts a sync and kills it (SIGKILL) once the request the rule picks is where it should be: for a
     * `delay after` rule, once the target has acted on it and before the engine hears the answer; for a
     * `delay before` rule, while the target has not seen it yet.
     */
    async function killAt(r: Rig, rule: FaultRule & { action: { kind: 'delay' } }, ...extra: string[]): Promise<ProxiedRequest> {
      const fault = r.proxy.inject(rule);
      const from = r.proxy.requests.length;
      const run = r.sync(...extra);
      let held: ProxiedRequest | undefined;
      await until(`the kill point (${JSON.stringify({ ...rule, path: String(rule.path) })})`, () => {
        held = r.proxy.requests.slice(from).find((q) => q.fault === 'delay' && (rule.action.when === 'before' || q.targetStatus !== undefined));
        return held !== undefined;
      });
      run.child.kill('SIGKILL');
      const out = await run.done;
      fault.remove();
      expect(out.signal).toBe('SIGKILL');
      return held!;
    }

    /** A sync that must run to its end: it waits for the dead holder's lease to lapse. */
    async function syncToEnd(r: Rig): Promise<Record<string, any>> {
      const out = await r.sync('--wait', '60').done;
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      return JSON.parse(out.stdout);
    }

    it('converges exactly after kills mid-create, mid-group and mid-membership of the initial cycle, and mid-delete of an incremental one', async () => {
      const r = await setup();
      const HOLD = { kind: 'delay', ms: 30_000 } as const;

      // The 6th user created in the target, the engine killed before it learns the new id.
      const user = await killAt(r, { action: { ...HOLD, when: 'after' }, methods: ['POST'], path: /\/Users$/, skip: 5, times: 1 });
      expect(user.targetStatus).toBe(201);
      expect((await r.s.targetState()).users.length).toBeGreaterThanOrEqual(6);
      // The next process, started at once, waits for the lease of the dead one and is then killed as a group is created.
      const group = await killAt(r, { action: { ...HOLD, when: 'after' }, methods: ['POST'], path: /\/Groups$/, times: 1 }, '--wait', '60');
      expect(group.targetStatus).toBe(201);
      // Then as a membership PATCH was applied by the target but not recorded by the engine.
      const members = await killAt(r, { action: { ...HOLD, when: 'after' }, methods: ['PATCH'], path: /\/Groups\//, skip: 1, times: 1 }, '--wait', '60');
      expect(members.targetStatus).toBeLessThan(300);
      // And before a request reached the target at all.
      await killAt(r, { action: { ...HOLD, when: 'before' }, methods: ['PATCH'], path: /\/Groups\//, times: 1 }, '--wait', '60');

      const done = await syncToEnd(r);
      expect(done).toMatchObject({ kind: 'initial', status: 'succeeded', error: null });
      expect(await r.s.targetState()).toEqual(r.dir.expected());
      // Every killed cycle is on record as stopped, not as running forever.
      const cycles = await r.s.engine.ctx.cycles.recent(r.appId);
      expect(cycles.map((c) => c.status)).toEqual(['succeeded', 'failed', 'failed', 'failed', 'failed']);
      expect(cycles.slice(1).every((c) => c.error === 'the process running this cycle stopped before it finished')).toBe(true);

      await r.dir.change();
      // The incremental cycle: killed as the target deletes user03, then before the next write of the
      // cycle that follows (the DELETE again, unless it was recorded) reaches the target.
      const deleted = await killAt(r, { action: { ...HOLD, when: 'after' }, methods: ['DELETE'], path: /\/Users\//, times: 1 });
      expect(deleted.targetStatus).toBe(204);
      await killAt(r, { action: { ...HOLD, when: 'before' }, methods: ['POST', 'PATCH', 'DELETE'], times: 1 }, '--wait', '60');
      const again = await syncToEnd(r);
      expect(again).toMatchObject({ kind: 'incremental', status: 'succeeded', error: null });
      expect(await r.s.targetState()).toEqual(r.dir.expected());
      expect(refusedCreates(r.proxy.requests)).toEqual([]);

      // Nothing left over: one more cycle finds nothing to send.
      const sent = r.proxy.requests.filter((q) => q.method !== 'GET').length;
      expect(await syncToEnd(r)).toMatchObject({ status: 'succeeded' });
      expect(r.proxy.requests.filter((q) => q.method !== 'GET').length).toBe(sent);
    });

    it('runs one cycle when two syncs start at once: the other says the app is busy, or waits with --wait', async () => {
      const r = await setup();
      // Slow the target so the first cycle is still running when the second process asks for the lease.
      r.proxy.inject({ action: { kind: 'delay', ms: 60, when: 'before' } });
      const [a, b] = await Promise.all([r.syncDefaultLease().done, r.syncDefaultLease().done]);
      const [won, lost] = a.code === 0 ? [a, b] : [b, a];
      expect(won.code, won.stderr).toBe(0);
      expect(JSON.parse(won.stdout)).toMatchObject({ kind: 'initial', status: 'succeeded' });
      expect(lost.code).toBe(1);
      expect(lost.stdout).toBe('');
      expect(lost.stderr).toMatch(/^scimkit: a cycle of "faulty" is already running \(held by [^)]+ until [^)]+\); wait for it, or pass --wait <seconds>\n$/);
      expect(await r.s.engine.ctx.cycles.recent(r.appId)).toHaveLength(1);
      expect(await r.s.targetState()).toEqual(r.dir.expected());
      // Each user created once.
      expect(r.proxy.requests.filter((q) => q.method === 'POST' && /\/Users$/.test(q.url))).toHaveLength(24);

      await r.dir.change();
      const [c, d] = await Promise.all([r.syncDefaultLease('--wait', '120').done, r.syncDefaultLease('--wait', '120').done]);
      expect([c.code, d.code], `${c.stderr}${d.stderr}`).toEqual([0, 0]);
      const results = [JSON.parse(c.stdout), JSON.parse(d.stdout)].sort((x, y) => String(x.startedAt).localeCompare(String(y.startedAt)));
      // One after the other, never together; the second found the work done.
      expect(results[0].endedAt <= results[1].startedAt).toBe(true);
      expect(results[0]).toMatchObject({ kind: 'incremental', status: 'succeeded' });
      expect(results[1]).toMatchObject({ kind: 'incremental', status: 'succeeded', counts: {} });
      expect(await r.s.targetState()).toEqual(r.dir.expected());
      expect(refusedCreates(r.proxy.requests)).toEqual([]);
    });
  });
}
