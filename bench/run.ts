/**
 * scimkit's benchmark: bulk-loads users into a fresh tenant, runs scimkit and a no-op HTTP server in child
 * processes, and drives both with autocannon in turn, so every number comes with its ratio to what the
 * machine allows in the same minute; then writes the results section of docs/benchmarks.md.
 *
 *   npm run bench -- --users 1000000 --db sqlite,postgres
 *
 * Run `npm run bench -- --help` for every option.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JavaScript module without type declarations
import { buildCli } from '../scripts/build.js';
// @ts-expect-error plain JavaScript module without type declarations
import { buildIsCurrent } from '../scripts/built.js';
import { parseBenchArgs } from './lib/args.js';
import { machineInfo } from './lib/machine.js';
import { writeReport } from './lib/report.js';
import { runScimkit } from './lib/run-scimkit.js';
import { runScimmy } from './lib/run-scimmy.js';
import { SERVER_SETTINGS } from './lib/server-settings.js';
import type { RunResults } from './lib/types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const t0 = performance.now();

function log(msg: string): void {
  const s = ((performance.now() - t0) / 1000).toFixed(0).padStart(5);
  process.stdout.write(`[${s}s] ${msg}\n`);
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const a = parseBenchArgs(process.argv.slice(2));
  // scimkit is measured as users run it, from the built JavaScript that `npm install` makes.
  if (!buildIsCurrent()) {
    log('building dist/ (the sources changed since the last build)');
    await buildCli();
  }
  const results: RunResults = {
    command: `npm run bench -- ${process.argv.slice(2).map(shellWord).join(' ')}`.trim(),
    startedAt: new Date().toISOString(),
    args: a,
    machine: await machineInfo(repoRoot, a.dbs.includes('postgres') ? a.pgUrl : undefined),
    serverSettings: SERVER_SETTINGS,
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
      results.scimkit.push(await runScimkit(repoRoot, kind, users, a, log));
      save();
    }
    if (a.scimmy) {
      results.baseline.push(await runScimmy(repoRoot, users, a, log));
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
  if (results.scimkit.some((r) => r.error) || results.baseline.some((r) => r.error)) process.exitCode = 1;
}

await main();
