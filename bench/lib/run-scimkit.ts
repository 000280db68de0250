/** One size on one database: load, start the no-op server and scimkit, and run every scenario. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startChild, startServe, type ServerChild } from './child.js';
import { timeTenantList } from './cli-timing.js';
import { explainUserNameLookup } from './explain.js';
import { createSpareUsers, groupPatchLatency, groupReadLatency } from './group-scenarios.js';
import { checkLoaderMatchesCreatePath, loadScimkit } from './load-scimkit.js';
import { createQuietTenant, noisyNeighbour } from './noisy.js';
import { walkAllUsers } from './paging.js';
import { paired, type Measured } from './paired.js';
import { createRequests, drain, externalIdLookupRequests, getByIdRequests, lookupRequests, patchUserRequests, sanityCheck, type LoadOptions, type Target } from './scenarios.js';
import { serveArgs } from './server-settings.js';
import type { BenchArgs, DbKind, Memory, PairedKey, ScimkitRun } from './types.js';

/** Prints one progress line. */
export type Log = (msg: string) => void;

const mb = (mib: number) => (mib * 2 ** 20) / 1e6;
const fmt = (n: number) => n.toLocaleString('en-US');

/** A fresh, empty database of one kind for one run, and how to throw it away. */
async function freshDatabase(repoRoot: string, kind: DbKind, pgAdminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    // On the repository's disk (bench/.work is git-ignored), like a real deployment's data directory.
    mkdirSync(join(repoRoot, 'bench', '.work'), { recursive: true });
    const dir = mkdtempSync(join(repoRoot, 'bench', '.work', 'sqlite-'));
    return { url: join(dir, 'scimkit.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `scimkit_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgAdminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function measured(server: ServerChild, t: Omit<Target, 'origin'>): Measured {
  return { target: { ...t, origin: server.origin }, cpuSeconds: server.cpuSeconds };
}

/** Runs every scenario for one database and size; a failure is recorded in the result, not thrown. */
export async function runScimkit(repoRoot: string, kind: DbKind, users: number, a: BenchArgs, log: Log): Promise<ScimkitRun> {
  const started = performance.now();
  const run: ScimkitRun = { db: kind, users, loaderCheck: 'not run', loadSeconds: 0, paired: {}, paging: [], groups: [], groupReads: [], wallSeconds: 0 };
  const load: LoadOptions = { connections: a.connections, duration: a.duration, warmup: a.warmup, timeoutSeconds: a.timeoutSeconds };
  const database = await freshDatabase(repoRoot, kind, a.pgUrl);
  const children: ServerChild[] = [];
  try {
    try {
      await checkLoaderMatchesCreatePath(database.url);
      run.loaderCheck = 'passed';
    } catch (err) {
      run.loaderCheck = (err as Error).message.slice(0, 2000);
      throw new Error('the bulk loader no longer produces the rows of the create path; fix bench/lib/load-scimkit.ts');
    }
    log(`${kind} ${fmt(users)}: loading (loader check passed)`);
    const bigGroup = Math.min(a.bigGroup, users);
    const loaded = await loadScimkit(database.url, users, [
      { displayName: `All staff (${fmt(bigGroup)})`, members: bigGroup },
      { displayName: 'Ten people', members: 10 },
    ], log);
    run.loadSeconds = loaded.seconds;
    log(`${kind} ${fmt(users)}: loaded in ${loaded.seconds.toFixed(1)} s`);
    run.plan = await explainUserNameLookup(database.url, loaded.tenantId, users);
    const quietTenant = await createQuietTenant(database.url);
    if (a.cliRuns > 0) {
      run.cli = timeTenantList(repoRoot, database.url, a.cliRuns);
      log(`  (8) scimkit tenant list: median ${run.cli.median.toFixed(2)} s (node -e 0: ${run.cli.nodeAloneMedian.toFixed(2)} s)`);
    }

    const noopPort = await freePort();
    const noop = await startChild(repoRoot, 'bench/noop-server.ts', ['--port', String(noopPort)], { port: noopPort, readyTimeoutMs: 30_000 });
    children.push(noop);
    const port = await freePort();
    let server = await startServe(repoRoot, serveArgs(database.url, a.workers), { port, readyTimeoutMs: 120_000 });
    children.push(server);
    const base = { prefix: `/scim/v2/${loaded.tenantId}`, token: loaded.token, users, userIds: loaded.userIds };
    const n = measured(noop, base);
    const s = measured(server, base);
    const t = s.target;
    await sanityCheck(t);
    const afterLoad = server.memory();

    const tag = `${kind}-${users}-${randomBytes(3).toString('hex')}`;
    const scenario = async (key: PairedKey, label: string, make: Parameters<typeof paired>[3], into = run.paired) => {
      const r = await paired(key, n, s, make, load, a.rounds);
      into[key] = r;
      log(`  ${label}: ${r.scimkit.okPerSecond.toFixed(0)}/s, ${(100 * r.ratio).toFixed(0)} % of the no-op (${r.noop.okPerSecond.toFixed(0)}/s), p50 ${r.scimkit.p50} ms, p99 ${r.scimkit.p99} ms, ${r.scimkit.cpuUsPerRequest?.toFixed(0)} µs CPU a request${r.scimkit.flagged ? `  FLAGGED: non2xx ${r.scimkit.non2xx}, errors ${r.scimkit.errors}` : ''}`);
    };
    await scenario('lookup', '(1) userName eq', lookupRequests);
    await scenario('lookupExternalId', '(1b) externalId eq', externalIdLookupRequests);
    await scenario('getById', '(1c) GET by id', getByIdRequests);
    await scenario('patchUser', '(3) PATCH replace displayName', (target) => patchUserRequests(target, tag));
    // Paging walks exactly the loaded users, so it runs before the create scenario adds more.
    run.paging.push(await walkAllUsers(t, 'cursor', 1000, a.pagingCap));
    if (users <= a.indexPagingMax) run.paging.push(await walkAllUsers(t, 'startIndex', 1000, a.pagingCap));
    for (const p of run.paging) {
      log(`  (4) ${p.mode} paging: ${fmt(p.users)}/${fmt(p.expected)} users in ${p.seconds.toFixed(1)} s (${p.usersPerSecond.toFixed(0)} users/s)${p.capped ? ' CAPPED' : ''}${p.flagged ? ' FLAGGED' : ''}`);
    }
    await scenario('create', '(2) POST /Users', (target) => createRequests(`${tag}-${target.origin === n.target.origin ? 'noop' : 'scimkit'}-${randomBytes(2).toString('hex')}`));
    const spare = await createSpareUsers(t, tag, a.groupOps);
    for (const g of loaded.groups) {
      const r = await groupPatchLatency(t, g, spare);
      run.groups.push(r);
      log(`  (5) group of ${fmt(g.members)}: add p50 ${r.add.p50.toFixed(2)} ms p99 ${r.add.p99.toFixed(2)} ms, remove p50 ${r.remove.p50.toFixed(2)} ms p99 ${r.remove.p99.toFixed(2)} ms${r.flagged ? ' FLAGGED' : ''}`);
      const read = await groupReadLatency(t, g);
      run.groupReads.push(read);
      log(`  (6) group of ${fmt(g.members)} without members: by id p50 ${read.byId.p50.toFixed(2)} ms, by displayName p50 ${read.byName.p50.toFixed(2)} ms${read.flagged ? ' FLAGGED' : ''}`);
    }
    if (a.noisySeconds > 0) {
      const quiet: Target = { origin: server.origin, prefix: `/scim/v2/${quietTenant.tenantId}`, token: quietTenant.token, users: quietTenant.userIds.length, userIds: quietTenant.userIds };
      run.noisy = await noisyNeighbour(quiet, t, a.noisySeconds);
      log(`  (7) quiet tenant p95 ${run.noisy.alone.p95.toFixed(1)} ms alone, ${run.noisy.withNoise.p95.toFixed(1)} ms beside the noise; noise answers ${JSON.stringify(run.noisy.noiseStatuses)}`);
    }
    await drain(t);
    const end = server.memory();
    run.memory = { afterLoadMB: mb(afterLoad.rssMiB), afterRunsMB: mb(end.rssMiB), peakMB: mb(end.peakMiB) } satisfies Memory;
    log(`  server RSS: ${run.memory.afterLoadMB.toFixed(0)} MB after load, ${run.memory.afterRunsMB.toFixed(0)} MB after runs, peak ${run.memory.peakMB.toFixed(0)} MB`);

    // Scaling: the same reads on `serve --workers N` over the same database, again beside the no-op server.
    if (a.scaleWorkers >= 2 && a.scaleWorkers !== a.workers) {
      await server.stop();
      server = await startServe(repoRoot, serveArgs(database.url, a.scaleWorkers), { port, readyTimeoutMs: 120_000 });
      children.push(server);
      s.target = { ...s.target, origin: server.origin };
      s.cpuSeconds = server.cpuSeconds;
      await sanityCheck(s.target);
      const scaling: NonNullable<ScimkitRun['scaling']> = { workers: a.scaleWorkers, paired: {}, peakMB: 0 };
      run.scaling = scaling;
      await scenario('lookup', `(9) serve --workers ${a.scaleWorkers}: userName eq`, lookupRequests, scaling.paired);
      await scenario('getById', `(9) serve --workers ${a.scaleWorkers}: GET by id`, getByIdRequests, scaling.paired);
      scaling.peakMB = mb(server.memory().peakMiB);
    }
  } catch (err) {
    run.error = (err as Error).stack ?? String(err);
    log(`${kind} ${users}: FAILED: ${(err as Error).message}`);
  } finally {
    for (const c of children) await c.stop();
    await database.drop().catch((err) => log(`could not drop the ${kind} database: ${(err as Error).message}`));
    run.wallSeconds = (performance.now() - started) / 1000;
  }
  return run;
}
