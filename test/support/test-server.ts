import type { AddressInfo } from 'node:net';
import { defaultServerConfig, type ServerConfig } from '../../src/config/server-config.js';
import { buildApp } from '../../src/server/app.js';
import type { Store } from '../../src/data/store.js';
import { openTestStore } from './open-test-store.js';

/** A running scimkit on a loopback port with one tenant and a token: what a SCIM client test talks to. */
export interface TestServer {
  store: Store;
  /** The database the server runs on (a SQLite path or postgres:// URL), for fault tests that reach it directly. */
  dbUrl: string;
  /** Server root, e.g. http://127.0.0.1:43121 */
  origin: string;
  tenantId: string;
  token: string;
  /** The tenant's SCIM base URL, e.g. http://127.0.0.1:43121/scim/v2/<tenant> */
  scimUrl: string;
  /** fetch against the tenant's SCIM base URL with the bearer token and the SCIM media type. */
  scim(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  close(): Promise<void>;
}

/** Starts scimkit over real HTTP on 127.0.0.1 with a fresh database of the given kind. */
export async function startTestServer(dialect: 'sqlite' | 'postgres', config: Partial<ServerConfig> = {}): Promise<TestServer> {
  const { store, url: dbUrl, dispose } = await openTestStore(dialect, { lockWaitMs: config.lockWaitMs });
  const tenant = await store.tenants.create(`tenant-${Math.random().toString(36).slice(2, 8)}`);
  const { token } = await store.tokens.create(tenant.id, { name: 'test' });
  const cfg: ServerConfig = { ...defaultServerConfig, logLevel: 'silent', rateLimitPerSecond: 0, ...config };
  let app = await buildApp({ store, config: cfg });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  // meta.location must carry the real address, so rebuild once the port is known.
  await app.close();
  app = await buildApp({ store, config: { ...cfg, baseUrl: origin } });
  await app.listen({ port, host: '127.0.0.1' });
  const scimUrl = `${origin}/scim/v2/${tenant.id}`;
  return {
    store,
    dbUrl,
    origin,
    tenantId: tenant.id,
    token,
    scimUrl,
    async scim(method, path, body, headers = {}) {
      const res = await fetch(`${scimUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/scim+json',
          ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}
