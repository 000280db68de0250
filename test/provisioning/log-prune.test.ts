// Log retention: each cycle prunes its own app's records older than the retention, through the
// (app_id, at) index, and leaves newer records and other apps' records alone.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvisioningEngine } from '../../src/provisioning/engine.js';
import type { LogRecord } from '../../src/provisioning/logs/log-types.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';

function record(appId: string, at: string, sourceName: string): LogRecord {
  return { appId, cycleId: 'c1', at, kind: 'User', sourceId: sourceName, sourceName, targetId: null, action: 'create', status: 'success', steps: [], modified: [], errorCode: null, errorDetail: null };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: provisioning log retention`, () => {
    let dispose: (() => Promise<void>) | undefined;
    afterEach(async () => dispose?.());

    it("prunes one app's old records and nothing else", async () => {
      const t = await openTestStore(dialect);
      dispose = t.dispose;
      const tenant = await t.store.tenants.create('source');
      const engine = await ProvisioningEngine.open(t.store, { dbUrl: t.url, secretKey: randomBytes(32) });
      const make = (name: string) => engine.createApp({ tenant: tenant.id, name, template: 'generic', targetUrl: 'https://app.example/scim', token: 'secret' });
      const [a, b] = [await make('a'), await make('b')];
      const old = '2026-01-01T00:00:00.000Z';
      const recent = '2026-03-01T00:00:00.000Z';
      await engine.ctx.logs.append([record(a.id, old, 'a-old'), record(a.id, recent, 'a-new'), record(b.id, old, 'b-old')]);

      expect(await engine.ctx.logs.prune(a.id, '2026-02-01T00:00:00.000Z')).toBe(1);
      expect((await engine.ctx.logs.query(a.id)).map((r) => r.sourceName)).toEqual(['a-new']);
      expect((await engine.ctx.logs.query(b.id)).map((r) => r.sourceName)).toEqual(['b-old']);
    });
  });
}
