import { openStore, type Store } from '../../src/data/store.js';
import { ProvisioningEngine } from '../../src/provisioning/engine.js';
import { loadSecretKey } from '../../src/provisioning/secrets/secret-key.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import type { Tenant } from '../../src/tenants/tenant-store.js';
import { freshDatabase } from './databases.js';

const KEY = 'a-test-secret-key-that-is-long-enough';

/**
 * A fresh database for tests that run `scimkit serve` on it: a source tenant "Corp", a target tenant
 * "App" with a token for the engine, and the engine opened in the test (to create and assign apps) with
 * the secret key the serve processes get from `env`.
 */
export interface ServedDatabase {
  url: string;
  store: Store;
  source: Tenant;
  target: Tenant;
  targetToken: string;
  engine: ProvisioningEngine;
  /** The environment a `scimkit serve` on this database needs (the secret key). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Creates the database, its two tenants and the engine. */
export async function openServedDatabase(dialect: 'sqlite' | 'postgres'): Promise<ServedDatabase> {
  const db = await freshDatabase(dialect);
  const store = await openStore(db.url, { matchMember: memberMatcher });
  const source = await store.tenants.create('Corp');
  const target = await store.tenants.create('App');
  const { token: targetToken } = await store.tokens.create(target.id, { name: 'engine' });
  const engine = await ProvisioningEngine.open(store, { dbUrl: db.url, secretKey: loadSecretKey(':memory:', { SCIMKIT_SECRET_KEY: KEY }) });
  return {
    url: db.url,
    store,
    source,
    target,
    targetToken,
    engine,
    env: { SCIMKIT_SECRET_KEY: KEY },
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}
