import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscrowStore } from '../../src/provisioning/cycle/escrow-store.js';
import { Lease } from '../../src/provisioning/cycle/lease.js';
import { DIALECTS } from '../support/databases.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';

// The engine's state in the database, on both databases: the lease that keeps one cycle per app, and
// the escrow schedule, each with a clock the test moves.
for (const dialect of DIALECTS) {
  describe(`${dialect}: lease and escrow`, () => {
    let s: Scenario;
    let appId: string;
    beforeAll(async () => {
      s = await startScenario(dialect);
      appId = (await s.engine.createApp({ tenant: s.source, name: 'state', template: 'generic', targetUrl: s.targetUrl, token: s.targetToken })).id;
    });
    afterAll(async () => s?.close());

    it('gives the lease to one holder at a time; a holder that stops renewing loses it after its time', async () => {
      let t = Date.parse('2026-12-02T10:00:00Z');
      const clock = () => t;
      const db = s.engine.ctx.db;
      const a = await Lease.acquire(db, appId, 'proc-a', 30_000, clock);
      expect(a).toBeDefined();
      expect(await Lease.acquire(db, appId, 'proc-b', 30_000, clock)).toBeUndefined();
      t += 20_000;
      expect(await a!.renew()).toBe(true);
      t += 25_000;
      // Renewed 25 s ago with a 30 s lease: still held.
      expect(await Lease.acquire(db, appId, 'proc-b', 30_000, clock)).toBeUndefined();
      t += 10_000;
      const b = await Lease.acquire(db, appId, 'proc-b', 30_000, clock);
      expect(b).toBeDefined();
      expect(await a!.renew()).toBe(false);
      expect(a!.lost).toBe(true);
      await a!.release();
      // A lost holder's release does not free the new holder's lease.
      expect(await Lease.acquire(db, appId, 'proc-c', 30_000, clock)).toBeUndefined();
      await b!.release();
      expect(await Lease.acquire(db, appId, 'proc-c', 30_000, clock)).toBeDefined();
    });

    it('retries a failing object on its schedule and gives up after the last day', async () => {
      let t = Date.parse('2026-12-02T10:00:00Z');
      const escrows = new EscrowStore(s.engine.ctx.db, { delaysMs: [6_000, 12_000, 24_000], giveUpAfterMs: 100_000 }, () => t);
      expect(await escrows.fail(appId, 'u1', 'User', 'EntryConflict: taken')).toBe('escrowed');
      expect(await escrows.due(appId)).toEqual([]);
      t += 6_000;
      expect((await escrows.due(appId)).map((e) => [e.sourceId, e.attempts])).toEqual([['u1', 1]]);
      await escrows.fail(appId, 'u1', 'User', 'again');
      t += 11_999;
      expect(await escrows.due(appId)).toEqual([]);
      t += 1;
      expect((await escrows.due(appId))[0]).toMatchObject({ attempts: 2, lastError: 'again' });
      await escrows.fail(appId, 'u1', 'User', 'again');
      await escrows.fail(appId, 'u1', 'User', 'again');
      // The last delay repeats.
      const [e] = await escrows.list(appId);
      expect(Date.parse(e!.nextRetryAt) - t).toBe(24_000);
      t = Date.parse(e!.firstFailedAt) + 100_000;
      expect(await escrows.fail(appId, 'u1', 'User', 'still')).toBe('gaveUp');
      expect(await escrows.list(appId)).toEqual([]);
    });
  });
}
