import { afterAll, afterEach, beforeAll } from 'vitest';
import { ScimClientError } from '../../src/provisioning/client/client-error.js';
import { createScimClient, type ScimClient, type ScimClientOptions } from '../../src/provisioning/client/scim-client.js';
import { startScriptedServer, type ScriptedHandler, type ScriptedServer } from './scripted-server.js';
import { startTestServer, type TestServer } from './test-server.js';

/** The token the client tests send; long enough that a masked excerpt proves it was masked. */
export const CLIENT_TEST_TOKEN = 'scimkit_secret_token_value_42';

/** The ScimClientError a call ends with; fails the test if it succeeds or throws anything else. */
export async function clientErrorOf(p: Promise<unknown>): Promise<ScimClientError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ScimClientError) return err;
    throw err;
  }
  throw new Error('expected a ScimClientError');
}

/** Scripted servers and clients for one test file, closed after each test. */
export interface ScimClientHarness {
  /** Starts a scripted server for this test. */
  serve(handler: ScriptedHandler): Promise<ScriptedServer>;
  /** A client of `<origin>/scim` with the file's defaults and these options. */
  client(origin: string, options?: Partial<ScimClientOptions>): ScimClient;
  /** A client of this Tenant URL (the file's token default applies unless `options.token` is given). */
  clientAt(baseUrl: string, options?: Partial<ScimClientOptions>): ScimClient;
}

/** Registers the cleanup in the calling test file and returns the harness. */
export function scimClientHarness(defaults: Partial<ScimClientOptions>): ScimClientHarness {
  const servers: ScriptedServer[] = [];
  const clients: ScimClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const s of servers.splice(0)) await s.close();
  });
  return {
    async serve(handler) {
      const s = await startScriptedServer(handler);
      servers.push(s);
      return s;
    },
    client(origin, options = {}) {
      return this.clientAt(`${origin}/scim`, options);
    },
    clientAt(baseUrl, options = {}) {
      const c = createScimClient({ baseUrl, token: CLIENT_TEST_TOKEN, ...defaults, ...options });
      clients.push(c);
      return c;
    },
  };
}

/** A scimkit server (SQLite) started once for the calling test file and closed after it. */
export function scimkitTargetForFile(): { readonly server: TestServer } {
  const holder: { server: TestServer } = { server: undefined as unknown as TestServer };
  beforeAll(async () => {
    holder.server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await holder.server?.close();
  });
  return holder;
}
