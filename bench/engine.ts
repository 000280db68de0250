/**
 * The provisioning engine's benchmark: a source directory bulk-loaded into a SQLite database, a target
 * `scimkit serve --rate-limit 0` on its own fresh database, the engine in its own process. For each size
 * it measures the direct baseline (the same POSTs and member PATCHes sent by the benchmark itself) and the
 * engine's initial cycle; at the largest size also incremental cycles (nothing, 10 and 1,000 changed users,
 * one member added to and removed from the big group); then one initial cycle against the default rate
 * limit. Writes the engine section of docs/benchmarks.md and raw JSON.
 *
 *   npm run bench:engine -- --users 10000,100000
 *
 * Run `npm run bench:engine -- --help` for every option.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { measureChangeLatency } from './engine/change-latency.js';
import { buildDirectRequests, runDirect } from './engine/direct-load.js';
import { startEngine, type EngineProcess } from './engine/engine-process.js';
import { summarizeProfileFile } from './engine/profile-summary.js';
import { writeEngineReport } from './engine/report.js';
import { loadSourceDirectory, type SourceDirectory } from './engine/source-dataset.js';
import { startTarget, targetCounts, type TargetServer } from './engine/target-server.js';
import type { EngineBenchArgs, EngineBenchResults, IncrementalResults, MeasuredCycle, RateLimitedRun, SizeRun } from './engine/types.js';
import { parseCount } from './lib/args.js';
import { machineInfo } from './lib/machine.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Usage: npm run bench:engine -- [options]

  --users <list>           source directory sizes, comma-separated (default 10000,100000; 10k/1m accepted)
  --template <id>          app template (default generic: Entra's default mappings, users and groups)
  --concurrency <n>        the app's requests in flight, and the direct baseline's connections (default 8)
  --members-per-patch <n>  the app's member chunk, and the baseline's (default 100)
  --rounds <n>             repetitions of each incremental cycle (default 3)
  --rate-limited-users <n> users of the initial cycle run against the default rate limit; 0 skips it (default 2000)
  --rate-limit <n>         the target's limit for that run, requests/s per token (default 100, scimkit's default)
  --latency-rounds <n>     source changes timed through \`scimkit serve\`'s change-triggered cycles in the largest directory; 0 skips (default 10)
  --profile                CPU-profile the initial cycle of the largest size (bench/.work/engine-initial-<n>.cpuprofile)
  --out <file>             Markdown report to update (default docs/benchmarks.md; --no-write to skip)
  --json <file>            raw results (default bench/.work/engine-latest.json, git-ignored)
  --note <text>            a line printed above the results
`;

function parseEngineArgs(argv: string[]): EngineBenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '10000,100000' },
      template: { type: 'string', default: 'generic' },
      concurrency: { type: 'string', default: '8' },
      'members-per-patch': { type: 'string', default: '100' },
      rounds: { type: 'string', default: '3' },
      'rate-limited-users': { type: 'string', default: '2000' },
      'rate-limit': { type: 'string', default: '100' },
      'latency-rounds': { type: 'string', default: '10' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      json: { type: 'string', default: join(repoRoot, 'bench/.work/engine-latest.json') },
      note: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const users = values.users.split(',').map(parseCount).sort((a, b) => a - b);
  if (users.some((n) => n < 20)) throw new Error('--users: each size must be at least 20');
  return {
    users,
    template: values.template,
    concurrency: Number(values.concurrency),
    membersPerPatch: Number(values['members-per-patch']),
    rounds: Math.max(1, Number(values.rounds)),
    rateLimitedUsers: parseCount(values['rate-limited-users']),
    rateLimit: Number(values['rate-limit']),
    latencyRounds: Math.max(0, Number(values['latency-rounds'])),
    profile: values.profile,
    out: values['no-write'] ? undefined : resolve(values.out ?? join(repoRoot, 'docs/benchmarks.md')),
    json: resolve(values.json),
    note: values.note,
  };
}

const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

// One cycle, with the CPU the engine and the target spent during it.
async function measure(engine: EngineProcess, target: TargetServer, appId: string, profile?: string): Promise<MeasuredCycle> {
  const e0 = engine.cpuSeconds();
  const t0 = target.cpuSeconds();
  const out = await engine.sync(appId, profile);
  if (out.result.status !== 'succeeded') throw new Error(`the cycle ended ${out.result.status}: ${out.result.error ?? JSON.stringify(out.result.counts)}`);
  return { ...out, engineCpuSeconds: engine.cpuSeconds() - e0, targetCpuSeconds: target.cpuSeconds() - t0 };
}

async function setupApp(engine: EngineProcess, src: SourceDirectory, target: TargetServer, a: EngineBenchArgs): Promise<string> {
  return engine.createApp({
    tenant: src.tenantId,
    name: 'bench app',
    template: a.template,
    targetUrl: target.scimUrl,
    token: target.token,
    settings: { concurrency: a.concurrency, membersPerPatch: a.membersPerPatch },
    assignGroups: [src.bigGroup.displayName, ...src.departments.map((d) => d.displayName)],
  });
}

function pick<T>(items: T[], n: number): T[] {
  const copy = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

async function incremental(engine: EngineProcess, target: TargetServer, appId: string, src: SourceDirectory, rounds: number): Promise<IncrementalResults> {
  const r: IncrementalResults = { idle: [], changes10: [], changes1000: [], memberAdd: [], memberRemove: [] };
  const outsider = src.userIds[src.userIds.length - 1]!;
  for (let i = 0; i < rounds; i++) {
    r.idle.push(await measure(engine, target, appId));
    await engine.changeUsers(src.tenantId, pick(src.userIds, 10), `r${i}c10`);
    r.changes10.push(await measure(engine, target, appId));
    await engine.addMember(src.tenantId, src.bigGroup.id, outsider);
    r.memberAdd.push(await measure(engine, target, appId));
    await engine.removeMember(src.tenantId, src.bigGroup.id, outsider);
    r.memberRemove.push(await measure(engine, target, appId));
    log(`  round ${i + 1}: idle ${r.idle[i]!.ms.toFixed(0)} ms, 10 changes ${r.changes10[i]!.ms.toFixed(0)} ms, +1 member ${r.memberAdd[i]!.ms.toFixed(0)} ms, -1 member ${r.memberRemove[i]!.ms.toFixed(0)} ms`);
  }
  await engine.changeUsers(src.tenantId, pick(src.userIds, Math.min(1000, src.userIds.length)), 'c1000');
  r.changes1000.push(await measure(engine, target, appId));
  log(`  1,000 changes ${r.changes1000[0]!.ms.toFixed(0)} ms`);
  return r;
}

async function runSize(n: number, a: EngineBenchArgs, work: string, largest: boolean): Promise<SizeRun> {
  log(`${n.toLocaleString('en-US')} users: loading the source directory`);
  const sourceDb = join(work, `source-${n}.db`);
  const src = await loadSourceDirectory(sourceDb, n, log);
  log(`  loaded in ${src.seconds.toFixed(1)} s (${src.departments.length + 1} groups, ${src.memberships.toLocaleString('en-US')} memberships)`);

  const reqs = await buildDirectRequests(sourceDb, src.tenantId, a.template);
  const directTarget = await startTarget(repoRoot, work, `target-direct-${n}`, 0);
  let direct;
  let directTargetCpuSeconds;
  try {
    const c0 = directTarget.cpuSeconds();
    direct = await runDirect(directTarget, reqs, a.concurrency, a.membersPerPatch);
    directTargetCpuSeconds = directTarget.cpuSeconds() - c0;
  } finally {
    await directTarget.stop();
  }
  log(`  direct: ${direct.users.perSecond.toFixed(0)} user POSTs/s, all requests in ${direct.totalSeconds.toFixed(1)} s`);

  const target = await startTarget(repoRoot, work, `target-engine-${n}`, 0);
  const engine = await startEngine(repoRoot, sourceDb);
  try {
    const appId = await setupApp(engine, src, target, a);
    const profileFile = a.profile && largest ? join(repoRoot, `bench/.work/engine-initial-${n}.cpuprofile`) : undefined;
    const initial = await measure(engine, target, appId, profileFile);
    const counts = await targetCounts(target, src.bigGroup.displayName);
    const check = { users: counts.users, groups: counts.groups, bigGroupMembers: counts.groupMembers ?? 0, ok: counts.users === n && counts.groups === src.departments.length + 1 && counts.groupMembers === src.bigGroup.members };
    log(`  engine initial cycle: ${(initial.ms / 1000).toFixed(1)} s; target holds ${counts.users} users, ${counts.groups} groups${check.ok ? '' : ' (MISMATCH)'}`);
    const incr = largest ? await incremental(engine, target, appId, src, a.rounds) : undefined;
    const engineMemory = engine.memory();
    let changeLatency;
    if (largest && a.latencyRounds > 0) {
      log(`  change-triggered latency: scimkit serve on the source database, the app On, ${a.latencyRounds} changes over SCIM`);
      await engine.startApp(appId);
      await engine.stop();
      changeLatency = await measureChangeLatency(repoRoot, sourceDb, src, target, a.latencyRounds, log);
      log(`  p50 ${changeLatency.p50Ms.toFixed(0)} ms, max ${changeLatency.maxMs.toFixed(0)} ms`);
    }
    return {
      users: n,
      groups: src.departments.length + 1,
      memberships: src.memberships,
      loadSeconds: src.seconds,
      direct,
      directTargetCpuSeconds,
      initial,
      check,
      ...(incr ? { incremental: incr } : {}),
      ...(changeLatency ? { changeLatency } : {}),
      engineMemory,
      targetMemory: target.memory(),
      ...(profileFile ? { profile: { file: profileFile, summary: summarizeProfileFile(profileFile, 25) } } : {}),
    };
  } finally {
    await engine.stop();
    await target.stop();
  }
}

async function runRateLimited(a: EngineBenchArgs, work: string): Promise<RateLimitedRun> {
  log(`${a.rateLimitedUsers.toLocaleString('en-US')} users against a target limited to ${a.rateLimit} requests/s`);
  const sourceDb = join(work, `source-limited-${a.rateLimitedUsers}.db`);
  const src = await loadSourceDirectory(sourceDb, a.rateLimitedUsers, log);
  const target = await startTarget(repoRoot, work, 'target-limited', a.rateLimit);
  const engine = await startEngine(repoRoot, sourceDb);
  try {
    const appId = await setupApp(engine, src, target, a);
    const cycle = await measure(engine, target, appId);
    log(`  ${(cycle.ms / 1000).toFixed(1)} s, ${cycle.requests?.requests} requests, ${cycle.requests?.throttled} answered 429`);
    return { users: a.rateLimitedUsers, rateLimit: a.rateLimit, cycle };
  } finally {
    await engine.stop();
    await target.stop();
  }
}

async function main(): Promise<void> {
  const a = parseEngineArgs(process.argv.slice(2));
  const started = performance.now();
  mkdirSync(join(repoRoot, 'bench/.work'), { recursive: true });
  const work = mkdtempSync(join(os.tmpdir(), 'scimkit-engine-bench-'));
  const results: EngineBenchResults = {
    command: `npm run bench:engine -- ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt: new Date().toISOString(),
    args: a,
    machine: await machineInfo(repoRoot, undefined),
    sizes: [],
  };
  try {
    for (const n of a.users) results.sizes.push(await runSize(n, a, work, n === a.users[a.users.length - 1]));
    if (a.rateLimitedUsers > 0) {
      const rl = await runRateLimited(a, work);
      const big = results.sizes.find((s) => s.users === 100_000);
      if (big?.initial.requests) rl.requestsFor100k = big.initial.requests.requests;
      results.rateLimited = rl;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  results.machine.loadAverageEnd = os.loadavg();
  results.wallSeconds = (performance.now() - started) / 1000;
  mkdirSync(dirname(a.json), { recursive: true });
  writeFileSync(a.json, JSON.stringify(results, null, 2));
  if (a.out) writeEngineReport(a.out, results);
  log(`done in ${(results.wallSeconds / 60).toFixed(1)} min; raw results in ${a.json}${a.out ? `, report in ${a.out}` : ''}`);
}

await main();
