/** The benchmark's command line. */
import { parseArgs } from 'node:util';
import type { BenchArgs, DbKind } from './types.js';

/** `npm run bench -- --help`. */
export const HELP = `Usage: npm run bench -- [options]

  --users <list>              user counts to load, comma-separated (default 1000000; 1m/100k accepted)
  --db <list>                 sqlite, postgres or both (default sqlite,postgres)
  --duration <s>              seconds per load run (default 8)
  --warmup <s>                untimed seconds of the same requests before each run (default 2)
  --rounds <n>                no-op / scimkit pairs per scenario; the median ratio is reported (default 3)
  --connections <n>           concurrent connections (default 32)
  --workers <n>               scimkit server processes, as \`scimkit serve --workers N\` runs them (default 1)
  --scale-workers <n>         afterwards, lookups and reads by id again on \`serve --workers N\` over the same
                              database, beside the no-op server (default 2; 0 or 1 skips it)
  --cli-runs <n>              times \`scimkit tenant list\` on the loaded database n times (default 5; 0 skips it)
  --timeout <s>               per-request timeout before autocannon counts an error (default 30)
  --pg-url <url>              PostgreSQL admin URL; a fresh database is created per run and dropped after
                              (default postgres://postgres@127.0.0.1:5432/postgres)
  --pg-max-users <n>          largest size run on PostgreSQL (default 1000000)
  --scimmy                    also run the SCIMMY-based baseline server (lookups, creates, PATCH)
  --baseline-max-users <n>    largest size run on the SCIMMY baseline (default 1000000)
  --baseline-ready-timeout <s> give up loading the SCIMMY baseline after this long and report it skipped (default 600)
  --big-group <n>             members of the big group, capped at --users (default 100000)
  --group-ops <n>             add+remove pairs per group in the sequential PATCH test (default 105, 5 untimed)
  --index-paging-max <n>      largest size also walked with startIndex paging (default 100000)
  --paging-cap <s>            stop a paging walk after this long and report it capped (default 300)
  --noisy <s>                 seconds of each half of the noisy-neighbour scenario (default 10; 0 skips it)
  --out <file>                Markdown report to update (default docs/benchmarks.md; --no-write to skip)
  --json <file>               raw results (default bench/.work/latest.json, git-ignored)
  --note <text>               a line printed above the results (e.g. "machine busy: preliminary")
`;

/** A count as people type it: `1000000`, `1_000_000`, `100k`, `1m`; shared with the engine's benchmark. */
export function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/_/g, ''));
  if (!m) throw new Error(`not a user count: ${s}`);
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1));
}

/** Reads and checks the options; prints the help and exits on --help. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '1000000' },
      db: { type: 'string', default: 'sqlite,postgres' },
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      workers: { type: 'string', default: '1' },
      'scale-workers': { type: 'string', default: '2' },
      'cli-runs': { type: 'string', default: '5' },
      timeout: { type: 'string', default: '30' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'pg-max-users': { type: 'string', default: '1000000' },
      scimmy: { type: 'boolean', default: false },
      'baseline-max-users': { type: 'string', default: '1000000' },
      'baseline-ready-timeout': { type: 'string', default: '600' },
      'big-group': { type: 'string', default: '100000' },
      'group-ops': { type: 'string', default: '105' },
      'index-paging-max': { type: 'string', default: '100000' },
      'paging-cap': { type: 'string', default: '300' },
      noisy: { type: 'string', default: '10' },
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
    rounds: Math.max(1, Math.round(num('rounds', values.rounds))),
    connections: Math.max(1, Math.round(num('connections', values.connections))),
    workers: Math.max(1, Math.round(num('workers', values.workers))),
    scaleWorkers: Math.round(num('scale-workers', values['scale-workers'])),
    cliRuns: Math.round(num('cli-runs', values['cli-runs'])),
    timeoutSeconds: num('timeout', values.timeout),
    pgUrl: values['pg-url']!,
    pgMaxUsers: parseCount(values['pg-max-users']!),
    scimmy: values.scimmy!,
    baselineMaxUsers: parseCount(values['baseline-max-users']!),
    baselineReadyTimeout: num('baseline-ready-timeout', values['baseline-ready-timeout']),
    bigGroup: parseCount(values['big-group']!),
    groupOps: Math.max(6, Math.round(num('group-ops', values['group-ops']))),
    indexPagingMax: parseCount(values['index-paging-max']!),
    pagingCap: num('paging-cap', values['paging-cap']),
    noisySeconds: num('noisy', values.noisy),
    out: values['no-write'] ? undefined : values.out,
    json: values['no-write'] ? undefined : values.json,
    note: values.note,
  };
}
