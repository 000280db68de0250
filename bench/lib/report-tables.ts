/** The tables of the generated results section, one function each. */
import { DB, f0, f1, f2, FLAG, largest, n, pct } from './report-format.js';
import type { LatencySummary, LoadResult } from './scenarios.js';
import type { DbKind, PairedKey, RunResults } from './types.js';

function errorsCell(r: LoadResult | undefined): string {
  if (!r) return '–';
  if (!r.flagged) return '0';
  const codes = Object.entries(r.statusCodes)
    .filter(([c]) => !c.startsWith('2'))
    .map(([c, k]) => `${k}×${c}`);
  const parts = [...codes, ...(r.errors ? [`${r.errors} conn. errors${r.timeouts ? ` (${r.timeouts} timeouts)` : ''}`] : []), ...(r.ok === 0 ? ['no 2xx at all'] : [])];
  return `${FLAG} ${parts.join(', ')}`;
}

/** The paired scenarios in the order the tables list them. */
export const SCENARIOS: { key: PairedKey; title: string }[] = [
  { key: 'lookup', title: '(1) `GET /Users?filter=userName eq "…"`' },
  { key: 'lookupExternalId', title: '(1b) `GET /Users?filter=externalId eq "…"`' },
  { key: 'getById', title: '(1c) `GET /Users/{id}`' },
  { key: 'create', title: '(2) `POST /Users`' },
  { key: 'patchUser', title: '(3) `PATCH /Users/{id}` replace displayName' },
];

/** The throughput table: every paired scenario, scimkit beside the no-op server. */
export function loadTable(res: RunResults): string[] {
  const out = [
    '| Scenario | Users | Database | scimkit req/s | no-op req/s | scimkit / no-op | ratio per round | scimkit p50 / p99 ms | CPU µs a request: scimkit / no-op | errors |',
    '|---|--:|---|--:|--:|--:|---|--:|--:|---|',
  ];
  for (const s of SCENARIOS) {
    for (const r of res.scimkit) {
      const p = r.paired[s.key];
      if (!p) {
        if (r.error) out.push(`| ${s.title} | ${n(r.users)} | ${DB[r.db]} | failed | | | | | | |`);
        continue;
      }
      out.push(
        `| ${s.title} | ${n(r.users)} | ${DB[r.db]} | ${f0(p.scimkit.okPerSecond)} | ${f0(p.noop.okPerSecond)} | **${pct(p.ratio)}** | ${p.rounds.map((x) => pct(x.ratio)).join(', ')} | ${f0(p.scimkit.p50)} / ${f0(p.scimkit.p99)} | ${f0(p.scimkit.cpuUsPerRequest)} / ${f0(p.noop.cpuUsPerRequest)} | ${errorsCell(p.scimkit)} |`,
      );
    }
  }
  return out;
}

/** The paging walks. */
export function pagingTable(res: RunResults): string[] {
  const out = ['| Users | Database | Paging | Pages | Users walked | Seconds | Users/s | Slowest page ms | Status |', '|--:|---|---|--:|--:|--:|--:|--:|---|'];
  for (const r of res.scimkit) {
    for (const p of r.paging) {
      const status = p.flagged ? `${FLAG} ${p.errors ? `${p.errors} failed page(s)` : `walked ${n(p.users)} of ${n(p.expected)}`}` : p.capped ? `${FLAG} stopped at the ${res.args.pagingCap} s cap` : 'complete';
      const mode = p.mode === 'cursor' ? 'cursor (RFC 9865), count=1000' : 'startIndex, count=1000';
      out.push(`| ${n(r.users)} | ${DB[r.db]} | ${mode} | ${n(p.pages)} | ${n(p.users)} | ${f1(p.seconds)} | ${f0(p.usersPerSecond)} | ${f0(p.slowestPageMs)} | ${status} |`);
    }
  }
  return out;
}

const lat = (s: LatencySummary | undefined) => (s ? `${f2(s.p50)} / ${f2(s.p99)}` : '–');

/** One-member group PATCHes and reads of groups without members. */
export function groupTable(res: RunResults): string[] {
  const out = [
    '| Users | Database | Group members | PATCH add p50 / p99 ms | PATCH remove p50 / p99 ms | GET by id p50 / p99 ms | GET by displayName p50 / p99 ms | Errors |',
    '|--:|---|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of res.scimkit) {
    for (const g of r.groups) {
      const read = r.groupReads.find((x) => x.group === g.group);
      const errors = g.both.errors + (read?.byId.errors ?? 0);
      out.push(`| ${n(r.users)} | ${DB[r.db]} | ${n(g.members)} | ${lat(g.add)} | ${lat(g.remove)} | ${lat(read?.byId)} | ${lat(read?.byName)} | ${errors ? `${FLAG} ${errors}` : '0'} |`);
    }
  }
  return out;
}

/** The quiet tenant's latencies, alone and beside the noisy one. */
export function noisyTable(res: RunResults): string[] {
  const out = [
    '| Users | Database | Quiet tenant alone: p50 / p95 / max ms | Beside the noise: p50 / p95 / max ms | Quiet requests (alone / beside) | Noisy tenant\'s answers |',
    '|--:|---|--:|--:|--:|---|',
  ];
  for (const r of res.scimkit) {
    const x = r.noisy;
    if (!x) continue;
    const three = (l: typeof x.alone) => `${f1(l.p50)} / ${f1(l.p95)} / ${f0(l.max)}`;
    const statuses = Object.entries(x.noiseStatuses).map(([code, k]) => `${k}× ${code === '0' ? 'no answer' : code}`).join(', ');
    out.push(`| ${n(r.users)} | ${DB[r.db]} | ${three(x.alone)} | ${three(x.withNoise)} | ${n(x.alone.count)} / ${n(x.withNoise.count)}${x.withNoise.errors ? ` ${FLAG} ${x.withNoise.errors} failed` : ''} | ${statuses} |`);
  }
  return out;
}

/** The read scenarios again on `serve --workers N`. */
export function scalingTable(res: RunResults): string[] {
  const out = [
    '| Users | Database | Scenario | one process req/s (of the no-op) | `--workers N` req/s (of the no-op) | N | gain | peak RSS of the N processes MB |',
    '|--:|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const r of res.scimkit) {
    if (!r.scaling) continue;
    for (const key of ['lookup', 'getById'] as PairedKey[]) {
      const one = r.paired[key];
      const many = r.scaling.paired[key];
      if (!one || !many) continue;
      const title = SCENARIOS.find((x) => x.key === key)!.title;
      out.push(
        `| ${n(r.users)} | ${DB[r.db]} | ${title} | ${f0(one.scimkit.okPerSecond)} (${pct(one.ratio)}) | ${f0(many.scimkit.okPerSecond)} (${pct(many.ratio)})${many.scimkit.flagged ? ` ${FLAG}` : ''} | ${r.scaling.workers} | ${f2(many.scimkit.okPerSecond / one.scimkit.okPerSecond)}× | ${f0(r.scaling.peakMB)} |`,
      );
    }
  }
  return out;
}

/** The CLI command timings. */
export function cliTable(res: RunResults): string[] {
  const out = ['| Users | Database | Command | median s | each run s | `node -e 0` median s |', '|--:|---|---|--:|---|--:|'];
  for (const r of res.scimkit) {
    if (r.cli) out.push(`| ${n(r.users)} | ${DB[r.db]} | \`${r.cli.command}\` | ${f2(r.cli.median)} | ${r.cli.runs.map(f2).join(', ')} | ${f2(r.cli.nodeAloneMedian)} |`);
  }
  return out;
}

/** Memory and load times of every server. */
export function memoryTable(res: RunResults): string[] {
  const out = ['| Server | Users | Database | Load s | RSS after load MB | RSS after runs MB | Peak RSS MB |', '|---|--:|---|--:|--:|--:|--:|'];
  for (const r of res.scimkit) out.push(`| scimkit | ${n(r.users)} | ${DB[r.db]} | ${f1(r.loadSeconds)} | ${f0(r.memory?.afterLoadMB)} | ${f0(r.memory?.afterRunsMB)} | ${f0(r.memory?.peakMB)} |`);
  for (const b of res.baseline) {
    if (b.skipped) out.push(`| SCIMMY baseline | ${n(b.users)} | in memory | – | skipped: ${b.skipped} | | |`);
    else out.push(`| SCIMMY baseline | ${n(b.users)} | in memory | ${f1(b.loadSeconds)} | ${f0(b.memory?.afterLoadMB)} | ${f0(b.memory?.afterRunsMB)} | ${f0(b.memory?.peakMB)} |`);
  }
  return out;
}

/** The optional SCIMMY baseline. */
export function scimmyTable(res: RunResults): string[] {
  const out = ['| Scenario | Users | SCIMMY req/s | SCIMMY p50 / p99 ms | errors |', '|---|--:|--:|--:|---|'];
  for (const s of SCENARIOS) {
    if (s.key !== 'lookup' && s.key !== 'create' && s.key !== 'patchUser') continue;
    for (const b of res.baseline) {
      const r = b[s.key];
      out.push(`| ${s.title} | ${n(b.users)} | ${b.skipped ? 'skipped' : f1(r?.okPerSecond)} | ${r ? `${f0(r.p50)} / ${f0(r.p99)}` : '–'} | ${errorsCell(r)} |`);
    }
  }
  return out;
}

/** The query plans of one `userName eq` lookup at the largest size of each database. */
export function plans(res: RunResults): string[] {
  const out: string[] = [];
  for (const db of ['sqlite', 'postgres'] as DbKind[]) {
    const r = largest(res, db);
    if (!r?.plan) continue;
    const bad = r.plan.statements.filter((s) => !s.seeks);
    out.push(
      `**${DB[db]}, ${n(r.users)} users** — \`${r.plan.filter}\`: ${bad.length ? `${FLAG} **${bad.length} of ${r.plan.statements.length} statements do not seek their index** (${bad.map((s) => `expected ${s.expect}`).join('; ')}).` : 'every statement seeks its index.'}`,
      '',
      '```',
    );
    for (const s of r.plan.statements) {
      out.push(`${s.seeks ? '' : '-- NOT AN INDEX SEEK: '}${s.sql}`);
      for (const line of s.plan) out.push(`  ${line}`);
    }
    out.push('```', '');
  }
  return out;
}

/** Everything in the run that was not clean, one line each. */
export function problems(res: RunResults): string[] {
  const out: string[] = [];
  for (const r of res.scimkit) {
    if (r.error) out.push(`- ${FLAG} scimkit on ${DB[r.db]} with ${n(r.users)} users failed: \`${r.error.split('\n')[0]}\``);
    for (const s of SCENARIOS) if (r.paired[s.key]?.scimkit.flagged) out.push(`- ${FLAG} scimkit ${s.title} on ${DB[r.db]} with ${n(r.users)} users had errors: ${errorsCell(r.paired[s.key]!.scimkit)}.`);
    for (const p of r.paging) if (p.flagged || p.capped) out.push(`- ${FLAG} ${p.mode} paging on ${DB[r.db]} with ${n(r.users)} users: ${p.capped ? 'stopped at the time cap' : `walked ${n(p.users)} of ${n(p.expected)} users, ${p.errors} failed page(s)`}.`);
    for (const g of r.groups) if (g.flagged) out.push(`- ${FLAG} group PATCH on ${DB[r.db]} (${n(g.members)} members) had ${g.both.errors} failed request(s).`);
    for (const g of r.groupReads) if (g.flagged) out.push(`- ${FLAG} group read on ${DB[r.db]} (${n(g.members)} members) failed or returned members.`);
    if (r.noisy?.withNoise.errors) out.push(`- ${FLAG} the quiet tenant had ${r.noisy.withNoise.errors} failed request(s) beside the noise on ${DB[r.db]}.`);
    for (const s of r.plan?.statements ?? []) {
      if (!s.seeks) out.push(`- ${FLAG} ${DB[r.db]}, ${n(r.users)} users: a statement of the \`userName eq\` lookup does not seek its index (expected ${s.expect}): \`${s.sql.slice(0, 120)}…\``);
    }
  }
  for (const b of res.baseline) {
    if (b.error) out.push(`- ${FLAG} SCIMMY baseline with ${n(b.users)} users failed: \`${b.error.split('\n')[0]}\``);
    if (b.skipped) out.push(`- SCIMMY baseline with ${n(b.users)} users skipped: ${b.skipped}.`);
  }
  return out;
}

