/**
 * Scenario (8): how long a CLI command takes from the shell, as a script that creates tenants one by one
 * waits for it. `scimkit tenant list` runs on the loaded database; a bare `node -e 0` beside it shows what
 * starting Node alone costs on this machine at the same moment.
 */
import { execFileSync } from 'node:child_process';

/** Median and every run's wall time, in seconds. */
export interface CliTiming {
  command: string;
  runs: number[];
  median: number;
  /** `node -e 0`, timed the same way in between. */
  nodeAlone: number[];
  nodeAloneMedian: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function timed(args: string[], cwd: string): number {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SCIMKIT_DB: '' } });
  return (performance.now() - t0) / 1000;
}

/** Runs `scimkit tenant list --db <db>` and `node -e 0` in turn, `runs` times each, after one untimed run of each. */
export function timeTenantList(repoRoot: string, db: string, runs: number): CliTiming {
  const args = ['bin/scimkit.js', 'tenant', 'list', '--db', db];
  timed(args, repoRoot);
  timed(['-e', '0'], repoRoot);
  const out: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    out.push(timed(args, repoRoot));
    bare.push(timed(['-e', '0'], repoRoot));
  }
  return { command: 'scimkit tenant list', runs: out, median: median(out), nodeAlone: bare, nodeAloneMedian: median(bare) };
}
