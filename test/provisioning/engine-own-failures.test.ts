// The engine's own writes meet the database as it is in production: SQLite shared with other processes (the
// CLI, a second worker, a backup) that hold its write lock for a moment, and errors that are scimkit's own
// rather than the target's. A cycle waits for the lock instead of failing, and a cycle that does fail on
// such an error is on record as failed with that error, not left "running" for the next cycle to call
// stopped.
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A source of three users, all assigned to a generic app pointed at the target (through `via` when given). */
async function appWithUsers(s: Scenario, via: (url: string) => string = (u) => u): Promise<string> {
  const ids = [];
  for (const n of ['ann', 'bob', 'cy']) ids.push((await s.user(`${n}@example.com`)).id);
  const app = await s.engine.createApp({ tenant: s.source, name: 'own-failures', template: 'generic', targetUrl: via(s.targetUrl), token: s.targetToken, settings: { concurrency: 1 } });
  for (const id of ids) await s.engine.assign(app.id, { user: id });
  return app.id;
}

describe.runIf(DIALECTS.includes('sqlite'))('sqlite: the engine beside another process holding the write lock', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('a cycle started while another connection holds the write lock waits for it, then provisions everyone', { timeout: 60_000 }, async () => {
    s = await startScenario('sqlite');
    const appId = await appWithUsers(s);
    // The store waits for no lock synchronously once open (busy timeout 0); the engine writes outside the
    // write batcher (its lease, cycles, links, logs), so it must wait asynchronously like the batcher does.
    const other = new SqliteDatabase(s.server.dbUrl);
    other.exec('BEGIN IMMEDIATE');
    const released = sleep(300).then(() => {
      other.exec('COMMIT');
      other.close();
    });
    const started = Date.now();
    const result = await s.engine.sync(appId);
    await released;
    expect(result.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect([...(await s.targetUsers()).keys()].sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: a cycle that fails on an error of scimkit's own`, { timeout: 60_000 }, () => {
    let s: Scenario | undefined;
    let proxy: FaultProxy | undefined;
    afterEach(async () => {
      await proxy?.close();
      await s?.close();
      s = proxy = undefined;
    });

    it('is on record as failed with that error, and the next cycle finishes the work', async () => {
      s = await startScenario(dialect);
      proxy = await startFaultProxy(s.server.origin);
      const appId = await appWithUsers(s, (u) => proxy!.via(u));
      const held = proxy.inject({ action: { kind: 'delay', ms: 1_000, when: 'after' }, methods: ['POST'], path: /\/Users$/, times: 1 });
      const sync = s.engine.sync(appId).then(() => undefined, (e: Error) => e);
      // While the target's answer to the first create is held, the engine's log table goes away: the cycle's
      // next write of its log fails, an error no target caused.
      for (const end = Date.now() + 30_000; !proxy.requests.some((q) => q.fault === 'delay' && q.targetStatus !== undefined); ) {
        if (Date.now() > end) throw new Error('the first create was never held');
        await sleep(5);
      }
      await sql`ALTER TABLE prov_logs RENAME TO prov_logs_away`.execute(s.store.db.kysely);
      const error = await sync;
      await sql`ALTER TABLE prov_logs_away RENAME TO prov_logs`.execute(s.store.db.kysely);
      held.remove();
      expect(error?.message).toMatch(/prov_logs/);
      const [cycle] = await s.engine.ctx.cycles.recent(appId);
      expect(cycle).toMatchObject({ kind: 'initial', status: 'failed' });
      expect(cycle!.error).toMatch(/^scimkit could not finish the cycle: .*prov_logs/);
      expect(cycle!.endedAt).not.toBeNull();
      // The next cycle does not call it stopped, and provisions what is left.
      expect((await s.engine.sync(appId)).status).toBe('succeeded');
      const cycles = await s.engine.ctx.cycles.recent(appId);
      expect(cycles.map((c) => [c.kind, c.status, c.error?.replace(/:.*/, '')])).toEqual([
        ['initial', 'succeeded', undefined],
        ['initial', 'failed', 'scimkit could not finish the cycle'],
      ]);
      expect([...(await s.targetUsers()).keys()].sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
    });
  });
}
