/**
 * scimkit's benchmark: bulk-loads users into a fresh tenant, runs the server in a child process, and
 * drives it with autocannon; then does the same against a SCIMMY-based baseline; and writes the
 * results section of docs/benchmarks.md (plus raw JSON under bench/results/).
 *
 *   npm run bench -- --users 10000,100000,1000000 --db sqlite,postgres --duration 10
 *
 * Run `npm run bench -- --help` for every option.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, startChild } from './lib/child.js';
import { explainUserNameLookup } from './lib/explain.js';
import { checkLoaderMatchesCreatePath, loadScimkit } from './lib/load-scimkit.js';
import { machineInfo } from './lib/machine.js';
import { writeReport } from './lib/report.js';
import {
  createRequests,
  createSpareUsers,
  drain,
  groupPatchLatency,
  lookupRequests,
  patchUserRequests,
  runLoad,
  sanityCheck,
  walkAllUsers,
  type LoadOptions,
  type LoadResult,
  type Target,
} from './lib/scenarios.js';
import type { BaselineRun, BenchArgs, DbKind, Memory, RunResults, ScimkitRun } from './lib/types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Usage: npm run bench -- [options]

  --users <list>              user counts to load, comma-separated (default 10000,100000,1000000; 1m/100k accepted)
  --db <list>                 sqlite, postgres or both (default sqlite,postgres)
  --duration <s>              seconds per autocannon scenario (default 10)
  --warmup <s>                untimed seconds of the same requests before each scenario (default 2)
  --connections <n>           concurrent connections (default 32)
  --workers <n>               scimkit server processes, as \`scimkit serve --workers N\` runs them (default 1)
  --timeout <s>               per-request timeout before autocannon counts an error (default 30)
  --pg-url <url>              PostgreSQL admin URL; a fresh database is created per run and dropped after
                              (default postgres://postgres@127.0.0.1:5432/postgres)
  --pg-max-users <n>          largest size run on PostgreSQL (default 100000)
  --pg-1m                     also run 1,000,000 users on PostgreSQL (same as --pg-max-users 1000000)
  --no-baseline               skip the SCIMMY baseline
  --baseline-max-users <n>    largest size run on the baseline (default 1000000)
  --baseline-ready-timeout <s> give up loading the baseline after this long and report it skipped (default 600)
  --big-group <n>             members of the big group, capped at --users (default 100000)
  --group-ops <n>             add+remove pairs per group in the sequential PATCH test (default 105, 5 untimed)
  --index-paging-max <n>      largest size also walked with startIndex paging (default 100000)
  --paging-cap <s>            stop a paging walk after this long and report it capped (default 300)
  --out <file>                Markdown report to update (default docs/benchmarks.md; --no-write to skip)
  --json <file>               raw results (default bench/.work/latest.json, git-ignored)
  --note <text>               a line printed above the results (e.g. "machine busy: preliminary")
`;

function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/_/g, ''));
  if (!m) throw new Error(`not a user count: ${s}`);
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1));
}

function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '10000,100000,1000000' },
      db: { type: 'string', default: 'sqlite,postgres' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '32' },
      workers: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '30' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'pg-max-users': { type: 'string', default: '100000' },
      'pg-1m': { type: 'boolean', default: false },
      'no-baseline': { type: 'boolean', default: false },
      'baseline-max-users': { type: 'string', default: '1000000' },
      'baseline-ready-timeout': { type: 'string', default: '600' },
      'big-group': { type: 'string', default: '100000' },
      'group-ops': { type: 'string', default: '105' },
      'index-paging-max': { type: 'string', default: '100000' },
      'paging-cap': { type: 'string', default: '300' },
      out: { type: 'string', default: 'docs/benchmarks.md' },
      'no-write': { type: 'boolean', default: false },
      json: { type: 'string', default: 'bench/.work/latest.json' },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const num = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${v}`);
    return n;
  };
  const dbs = values.db!.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const d of dbs) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--db: unknown database "${d}" (sqlite or postgres)`);
  const users = [...new Set(values.users!.split(',').filter((s) => s.trim()).map(parseCount))].sort((a, b) => a - b);
  if (!users.length || users.some((n) => n < 20)) throw new Error('--users needs sizes of at least 20');
  return {
    users,
    dbs: dbs as DbKind[],
    duration: num('duration', values.duration),
    warmup: num('warmup', values.warmup),
    connections: Math.max(1, Math.round(num('connections', values.connections))),
    workers: Math.max(1, Math.round(num('workers', values.workers))),
    timeoutSeconds: num('timeout', values.timeout),
    pgUrl: values['pg-url']!,
    pgMaxUsers: values['pg-1m'] ? Math.max(1_000_000, parseCount(values['pg-max-users']!)) : parseCount(values['pg-max-users']!),
    baseline: !values['no-baseline'],
    baselineMaxUsers: parseCount(values['baseline-max-users']!),
    baselineReadyTimeout: num('baseline-ready-timeout', values['baseline-ready-timeout']),
    bigGroup: parseCount(values['big-group']!),
    groupOps: Math.max(6, Math.round(num('group-ops', values['group-ops']))),
    indexPagingMax: parseCount(values['index-paging-max']!),
    pagingCap: num('paging-cap', values['paging-cap']),
    out: values['no-write'] ? undefined : values.out,
    json: values['no-write'] ? undefined : values.json,
    note: values.note,
  };
}

const t0 = performance.now();
function log(msg: string): void {
  const s = ((performance.now() - t0) / 1000).toFixed(0).padStart(5);
  process.stdout.write(`[${s}s] ${msg}\n`);
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function mb(mib: number): number {
  return (mib * 2 ** 20) / 1e6;
}

function describeLoad(r: LoadResult): string {
  return `${r.okPerSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.warmupSkipped ? ` (one request alone: ${r.probeMs.toFixed(0)} ms; no warm-up)` : ''}${r.flagged ? `  FLAGGED: non2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}` : ''}`;
}

/** A fresh, empty database of one kind for one run, and how to throw it away. */
async function freshDatabase(kind: DbKind, pgAdminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
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

async function runScimkit(kind: DbKind, users: number, a: BenchArgs, load: LoadOptions): Promise<ScimkitRun> {
  const started = performance.now();
  const run: ScimkitRun = { db: kind, users, loaderCheck: 'not run', loadSeconds: 0, paging: [], groups: [], wallSeconds: 0 };
  const database = await freshDatabase(kind, a.pgUrl);
  let server: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    try {
      await checkLoaderMatchesCreatePath(database.url);
      run.loaderCheck = 'passed';
    } catch (err) {
      run.loaderCheck = (err as Error).message.slice(0, 2000);
      throw new Error('the bulk loader no longer produces the rows of the create path; fix bench/lib/load-scimkit.ts');
    }
    log(`${kind} ${users.toLocaleString('en-US')}: loading (loader check passed)`);
    const bigGroup = Math.min(a.bigGroup, users);
    const loaded = await loadScimkit(database.url, users, [
      { displayName: `All staff (${bigGroup.toLocaleString('en-US')})`, members: bigGroup },
      { displayName: 'Ten people', members: 10 },
    ], log);
    run.loadSeconds = loaded.seconds;
    log(`${kind} ${users.toLocaleString('en-US')}: loaded in ${loaded.seconds.toFixed(1)} s`);
    run.plan = await explainUserNameLookup(database.url, loaded.tenantId, users);

    const port = await freePort();
    server = await startChild(repoRoot, 'bench/server-child.ts', ['--db', database.url, '--port', String(port), '--workers', String(a.workers)], { port, readyTimeoutMs: 120_000 });
    const t: Target = { origin: server.origin, prefix: `/scim/v2/${loaded.tenantId}`, token: loaded.token, users, userIds: loaded.userIds };
    await sanityCheck(t);
    const afterLoad = server.memory();

    const tag = `${kind}-${users}-${randomBytes(3).toString('hex')}`;
    run.lookup = await runLoad('lookup', t, lookupRequests(t), load);
    log(`  (1) userName eq lookup: ${describeLoad(run.lookup)}`);
    run.patchUser = await runLoad('patchUser', t, patchUserRequests(t, tag), load);
    log(`  (3) PATCH user replace: ${describeLoad(run.patchUser)}`);
    // Paging walks exactly the loaded users, so it runs before the create scenario adds more.
    run.paging.push(await walkAllUsers(t, 'cursor', 1000, a.pagingCap));
    if (users <= a.indexPagingMax) run.paging.push(await walkAllUsers(t, 'startIndex', 1000, a.pagingCap));
    for (const p of run.paging) {
      log(`  (4) ${p.mode} paging: ${p.users.toLocaleString('en-US')}/${p.expected.toLocaleString('en-US')} users in ${p.seconds.toFixed(1)} s (${p.usersPerSecond.toFixed(0)} users/s)${p.capped ? ' CAPPED' : ''}${p.flagged ? ' FLAGGED' : ''}`);
    }
    run.create = await runLoad('create', t, createRequests(tag), load);
    log(`  (2) POST /Users: ${describeLoad(run.create)}`);
    const spare = await createSpareUsers(t, tag, a.groupOps);
    for (const g of loaded.groups) {
      const r = await groupPatchLatency(t, g, spare);
      run.groups.push(r);
      log(`  (5) group of ${g.members.toLocaleString('en-US')}: add p50 ${r.add.p50.toFixed(2)} ms p99 ${r.add.p99.toFixed(2)} ms, remove p50 ${r.remove.p50.toFixed(2)} ms p99 ${r.remove.p99.toFixed(2)} ms${r.flagged ? ' FLAGGED' : ''}`);
    }
    await drain(t);
    const end = server.memory();
    run.memory = { afterLoadMB: mb(afterLoad.rssMiB), afterRunsMB: mb(end.rssMiB), peakMB: mb(end.peakMiB) } satisfies Memory;
    log(`  server RSS: ${run.memory.afterLoadMB.toFixed(0)} MB after load, ${run.memory.afterRunsMB.toFixed(0)} MB after runs, peak ${run.memory.peakMB.toFixed(0)} MB`);
  } catch (err) {
    run.error = (err as Error).stack ?? String(err);
    log(`${kind} ${users}: FAILED: ${(err as Error).message}`);
  } finally {
    await server?.stop();
    await database.drop().catch((err) => log(`could not drop the ${kind} database: ${(err as Error).message}`));
    run.wallSeconds = (performance.now() - started) / 1000;
  }
  return run;
}

async function runBaseline(users: number, a: BenchArgs, load: LoadOptions): Promise<BaselineRun> {
  const started = performance.now();
  const run: BaselineRun = { users, wallSeconds: 0 };
  if (users > a.baselineMaxUsers) {
    run.skipped = `not run above --baseline-max-users ${a.baselineMaxUsers.toLocaleString('en-US')}`;
    return run;
  }
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  // The baseline keeps everything in the V8 heap; give it what a million users need (or most of the machine).
  const heapMiB = Math.min(16_384, Math.floor((os.totalmem() / 2 ** 20) * 0.6));
  let server: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    log(`SCIMMY baseline ${users.toLocaleString('en-US')}: loading`);
    try {
      server = await startChild(repoRoot, 'bench/baseline-server.ts', ['--users', String(users), '--port', String(port), '--token', token], {
        port,
        nodeArgs: [`--max-old-space-size=${heapMiB}`],
        readyTimeoutMs: a.baselineReadyTimeout * 1000,
      });
    } catch (err) {
      run.skipped = `could not load ${users.toLocaleString('en-US')} users: ${(err as Error).message}`;
      log(`  skipped: ${run.skipped}`);
      return run;
    }
    run.loadSeconds = Number(server.ready.loadSeconds);
    const userIds = server.ready.chunks as string[];
    const t: Target = { origin: server.origin, prefix: '/scim/v2', token, users, userIds };
    await sanityCheck(t);
    const afterLoad = server.memory();
    log(`SCIMMY baseline ${users.toLocaleString('en-US')}: loaded in ${run.loadSeconds.toFixed(1)} s`);
    const tag = `scimmy-${users}-${randomBytes(3).toString('hex')}`;
    run.patchUser = await runLoad('patchUser', t, patchUserRequests(t, tag), load);
    log(`  (3) PATCH user replace: ${describeLoad(run.patchUser)}`);
    run.create = await runLoad('create', t, createRequests(tag), load);
    log(`  (2) POST /Users: ${describeLoad(run.create)}`);
    // Lookups go last here: SCIMMY filters by scanning every record, and at large sizes the requests still
    // queued when the window closes would take minutes to drain; the server is stopped instead.
    run.lookup = await runLoad('lookup', t, lookupRequests(t), load, { drainAfter: false });
    log(`  (1) userName eq lookup: ${describeLoad(run.lookup)}`);
    const end = server.memory();
    run.memory = { afterLoadMB: mb(afterLoad.rssMiB), afterRunsMB: mb(end.rssMiB), peakMB: mb(end.peakMiB) };
  } catch (err) {
    run.error = (err as Error).stack ?? String(err);
    log(`SCIMMY baseline ${users}: FAILED: ${(err as Error).message}`);
  } finally {
    await server?.stop();
    run.wallSeconds = (performance.now() - started) / 1000;
  }
  return run;
}

async function main(): Promise<void> {
  const a = parseBenchArgs(process.argv.slice(2));
  const load: LoadOptions = { connections: a.connections, duration: a.duration, warmup: a.warmup, timeoutSeconds: a.timeoutSeconds };
  const results: RunResults = {
    command: `npm run bench -- ${process.argv.slice(2).map(shellWord).join(' ')}`.trim(),
    startedAt: new Date().toISOString(),
    args: a,
    machine: await machineInfo(repoRoot, a.dbs.includes('postgres') ? a.pgUrl : undefined),
    scimkit: [],
    baseline: [],
  };
  if (a.dbs.includes('postgres') && !results.machine.postgres) throw new Error(`PostgreSQL is not reachable at ${a.pgUrl} (use --db sqlite to run without it)`);
  log(`machine: ${results.machine.cores} cores, ${results.machine.cpuModel}, ${results.machine.ramGiB.toFixed(1)} GiB, Node ${results.machine.node}, load average ${results.machine.loadAverageStart.map((l) => l.toFixed(2)).join(' ')}`);
  const save = () => {
    if (!a.json) return;
    const file = resolve(repoRoot, a.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  };
  for (const users of a.users) {
    for (const kind of a.dbs) {
      if (kind === 'postgres' && users > a.pgMaxUsers) continue;
      results.scimkit.push(await runScimkit(kind, users, a, load));
      save();
    }
    if (a.baseline) {
      results.baseline.push(await runBaseline(users, a, load));
      save();
    }
  }
  results.finishedAt = new Date().toISOString();
  results.wallSeconds = (performance.now() - t0) / 1000;
  results.machine.loadAverageEnd = os.loadavg();
  save();
  if (a.out) {
    writeReport(resolve(repoRoot, a.out), results);
    log(`wrote ${a.out}${a.json ? ` and ${a.json}` : ''}`);
  }
  log(`done in ${(results.wallSeconds / 60).toFixed(1)} min`);
  const failed = results.scimkit.some((r) => r.error) || results.baseline.some((r) => r.error);
  if (failed) process.exitCode = 1;
}

await main();
