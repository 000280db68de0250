/**
 * The provisioning engine as the benchmark runs it: its own process (so its memory and CPU are its own),
 * the product's store and `ProvisioningEngine` over the source database, driven by the parent over IPC.
 * A cycle can be CPU-profiled with V8's profiler (the one `node --cpu-prof` uses), started and stopped
 * around that cycle only.
 *
 * Usage: forked by bench/engine.ts with `--db <source sqlite file>`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { ProvisioningEngine } from '../../src/provisioning/engine.js';
import type { ScimClient } from '../../src/provisioning/client/scim-client.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore, type Store } from '../../src/data/store.js';
import type { EngineCommand } from './engine-process.js';

const db = process.argv[process.argv.indexOf('--db') + 1]!;
const store: Store = await openStore(db, { matchMember: memberMatcher });
// The key file beside the source database, as the product makes it: a `scimkit serve` on that database reads the app's token.
const engine = await ProvisioningEngine.open(store, { dbUrl: db });

// The outbound client of the last cycle, for its request counters (the engine closes it, the counters stay readable).
let lastClient: ScimClient | undefined;
const clientFor = engine.ctx.clientFor.bind(engine.ctx);
engine.ctx.clientFor = async (...args) => (lastClient = await clientFor(...args));

async function profiled<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

// When each kind of work of a cycle began and ended, from its provisioning log records (ms after the cycle started).
async function phases(cycleId: string, startedAt: string): Promise<Record<string, { firstMs: number; lastMs: number; records: number }>> {
  const rows = await engine.ctx.db
    .selectFrom('prov_logs')
    .select((eb) => ['kind', 'action', eb.fn.min('at').as('first'), eb.fn.max('at').as('last'), eb.fn.countAll().as('n')])
    .where('cycle_id', '=', cycleId)
    .groupBy(['kind', 'action'])
    .execute();
  const t0 = Date.parse(startedAt);
  return Object.fromEntries(rows.map((r) => [`${r.kind} ${r.action}`, { firstMs: Date.parse(String(r.first)) - t0, lastMs: Date.parse(String(r.last)) - t0, records: Number(r.n) }]));
}

const handlers: { [K in EngineCommand['cmd']]: (a: Extract<EngineCommand, { cmd: K }>['args']) => Promise<unknown> } = {
  async createApp(a) {
    const app = await engine.createApp({ tenant: a.tenant, name: a.name, template: a.template, targetUrl: a.targetUrl, token: a.token, settings: a.settings });
    for (const g of a.assignGroups) await engine.assign(app.id, { group: g });
    return app.id;
  },
  async sync(a) {
    lastClient = undefined;
    const started = performance.now();
    const result = await profiled(a.profile, () => engine.sync(a.appId));
    const ms = performance.now() - started;
    const stats = (lastClient as ScimClient | undefined)?.stats;
    return { ms, result, requests: stats ? { ...stats, byStatus: { ...stats.byStatus } } : undefined, phases: await phases(result.cycleId, result.startedAt) };
  },
  async changeUsers(a) {
    for (const id of a.ids) {
      await store.resources.update(a.tenant, 'User', id, (c) => ({ doc: { ...c.doc, name: { ...(c.doc.name as object), familyName: `${a.tag}-${id.slice(0, 6)}` } } }));
    }
    return a.ids.length;
  },
  async startApp(a) {
    await engine.setStatus(a.appId, 'on');
    return a.appId;
  },
  async addMember(a) {
    await store.resources.update(a.tenant, 'Group', a.groupId, (c) => ({ doc: c.doc, memberChanges: [{ op: 'add', members: [{ value: a.userId }] }] }));
    return 1;
  },
  async removeMember(a) {
    await store.resources.update(a.tenant, 'Group', a.groupId, (c) => ({ doc: c.doc, memberChanges: [{ op: 'remove', values: [a.userId] }] }));
    return 1;
  },
};

process.on('message', (msg: EngineCommand & { id: number }) => {
  const handler = handlers[msg.cmd] as (a: unknown) => Promise<unknown>;
  handler(msg.args).then(
    (result) => process.send!({ id: msg.id, ok: true, result }),
    (err: unknown) => process.send!({ id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
process.on('disconnect', () => {
  void store.close().finally(() => process.exit(0));
});
process.send!({ type: 'ready' });
