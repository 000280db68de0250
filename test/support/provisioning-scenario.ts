import { randomBytes } from 'node:crypto';
import type { ServerConfig } from '../../src/config/server-config.js';
import { ProvisioningEngine } from '../../src/provisioning/engine.js';
import type { EngineOptions } from '../../src/provisioning/engine-context.js';
import type { ScimResource } from '../../src/scim/schema/types.js';
import type { StoredResource } from '../../src/store/resource-row.js';
import type { Store } from '../../src/data/store.js';
import { startTestServer, type TestServer } from './test-server.js';
import { sourceTenant, type SourceTenant } from './source-tenant.js';
import { scimkitTargetState, type TargetState } from './target-state.js';

/** A source tenant and a target tenant on one real scimkit server, and an engine over its store. */
export interface Scenario {
  server: TestServer;
  store: Store;
  engine: ProvisioningEngine;
  /** The source directory (what Entra ID or Okta would feed). */
  source: string;
  /** The target tenant (the SaaS app), its SCIM URL and token. */
  target: string;
  /** The source tenant's writes (users, groups, renames, deletes, memberships). */
  src: SourceTenant;
  targetUrl: string;
  targetToken: string;
  user(userName: string, extra?: Record<string, unknown>): Promise<StoredResource>;
  group(displayName: string, members?: string[]): Promise<StoredResource>;
  /** Replaces attributes of a source user (a PUT-like merge). */
  change(id: string, attrs: Record<string, unknown>): Promise<void>;
  addMembers(groupId: string, ids: string[]): Promise<void>;
  removeMembers(groupId: string, ids: string[]): Promise<void>;
  /** The target tenant's users and groups, by userName / displayName, with members. */
  targetUsers(): Promise<Map<string, ScimResource & { id: string }>>;
  targetGroups(): Promise<Map<string, { id: string; doc: ScimResource; members: string[] }>>;
  /** The target tenant's whole state, for exact comparisons. */
  targetState(): Promise<TargetState>;
  close(): Promise<void>;
}

/** Starts the scenario on one database: a scimkit server with a source and a target tenant, and the engine. */
export async function startScenario(dialect: 'sqlite' | 'postgres', opts: Partial<EngineOptions> = {}, server: Partial<ServerConfig> = {}): Promise<Scenario> {
  const s = await startTestServer(dialect, server);
  const store = s.store;
  const target = await store.tenants.create(`target-${randomBytes(3).toString('hex')}`);
  const { token } = await store.tokens.create(target.id, { name: 'engine' });
  const engine = await ProvisioningEngine.open(store, { dbUrl: ':memory:', secretKey: randomBytes(32), ...opts });
  const src = sourceTenant(store, s.tenantId);
  const read = async (kind: 'User' | 'Group') => (await store.resources.list(target.id, kind, { count: 10_000, read: { members: true } })).resources;
  return {
    server: s,
    store,
    engine,
    source: s.tenantId,
    target: target.id,
    src,
    targetUrl: `${s.origin}/scim/v2/${target.id}`,
    targetToken: token,
    user: src.user,
    group: src.group,
    change: src.change,
    addMembers: src.addMembers,
    removeMembers: src.removeMembers,
    targetUsers: async () => new Map((await read('User')).map((u) => [String(u.doc.userName), { ...u.doc, id: u.id }])),
    targetGroups: async () => {
      const users = new Map((await read('User')).map((u) => [u.id, String(u.doc.userName)]));
      return new Map((await read('Group')).map((g) => [String(g.doc.displayName), { id: g.id, doc: g.doc, members: (g.members ?? []).map((m) => users.get(m.value) ?? m.value).sort() }]));
    },
    targetState: () => scimkitTargetState(store, target.id),
    close: () => s.close(),
  };
}
