import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AdminKeyStore } from '../../src/admin/admin-key-store.js';
import { defaultServerConfig } from '../../src/config/server-config.js';
import { buildApp } from '../../src/server/app.js';
import type { AdminApiAddress } from './admin-request.js';
import { startScenario, type Scenario } from './provisioning-scenario.js';

/** A real admin API on loopback over a provisioning scenario (SQLite), with an admin key. */
export async function startAdminApiServer(): Promise<AdminApiAddress & { scenario: Scenario; close(): Promise<void> }> {
  const scenario = await startScenario('sqlite');
  const app: FastifyInstance = await buildApp({ store: scenario.store, config: { ...defaultServerConfig, logLevel: 'silent', rateLimitPerSecond: 0 }, provisioning: { engine: scenario.engine, trigger: () => undefined } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/admin/v1`;
  const key = (await (await AdminKeyStore.open(scenario.store.db)).create('components')).key;
  return {
    scenario,
    base,
    key,
    source: scenario.source,
    targetUrl: scenario.targetUrl,
    targetToken: scenario.targetToken,
    async close() {
      await app.close();
      await scenario.close();
    },
  };
}
