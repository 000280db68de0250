/** The report's first table: each target of issues 8 and 11, what this run measured for it, and whether it is met. */
import type { PairedResult } from './paired.js';
import { DB, f0, f1, f2, FLAG, largest, n, pct } from './report-format.js';
import type { DbKind, PairedKey, RunResults, ScimkitRun } from './types.js';

type Verdict = { measured: string; met: string };
const NOT: Verdict = { measured: 'not measured', met: '–' };
const yes = (ok: boolean) => (ok ? '**yes**' : '**no**');

function at(r: ScimkitRun, text: string, ok: boolean): Verdict {
  return { measured: `${text} at ${n(r.users)} users`, met: r.users >= 1_000_000 ? yes(ok) : `${yes(ok)} (not at 1M users)` };
}

function ratioVerdict(r: ScimkitRun | undefined, key: PairedKey, min: number): Verdict {
  const p: PairedResult | undefined = r?.paired[key];
  if (!r || !p) return NOT;
  return at(r, `${pct(p.ratio)} (${f0(p.scimkit.okPerSecond)}/s)${p.scimkit.flagged ? ` ${FLAG}` : ''}`, p.ratio >= min && !p.scimkit.flagged);
}

function rateVerdict(r: ScimkitRun | undefined, key: PairedKey, min: number): Verdict {
  const p = r?.paired[key];
  if (!r || !p) return NOT;
  return at(r, `${f0(p.scimkit.okPerSecond)}/s (${pct(p.ratio)} of the no-op)${p.scimkit.flagged ? ` ${FLAG}` : ''}`, p.scimkit.okPerSecond >= min && !p.scimkit.flagged);
}

function walk(r: ScimkitRun | undefined): Verdict {
  const w = r?.paging.find((p) => p.mode === 'cursor');
  if (!r || !w) return NOT;
  return at(r, `${f1(w.seconds)} s${w.flagged || w.capped ? ` ${FLAG}` : ''}`, w.seconds < 60 && !w.flagged && !w.capped);
}

function rss(r: ScimkitRun | undefined): Verdict {
  return r?.memory ? at(r, `${f0(r.memory.peakMB)} MB peak`, r.memory.peakMB < 400) : NOT;
}

// O(1): a one-member change to the biggest group costs what it costs on the 10-member group (within half again, the noise here).
function groupPatch(r: ScimkitRun | undefined): Verdict {
  const big = r?.groups.reduce<(typeof r.groups)[number] | undefined>((m, g) => (!m || g.members > m.members ? g : m), undefined);
  const small = r?.groups.find((g) => g.members <= 10);
  if (!r || !big || !small) return NOT;
  return { measured: `p50 ${f2(big.both.p50)} ms on ${n(big.members)} members, ${f2(small.both.p50)} ms on ${n(small.members)}`, met: yes(big.both.p50 <= 1.5 * small.both.p50 && !big.flagged) };
}

function groupRead(r: ScimkitRun | undefined): Verdict {
  const reads = r?.groupReads ?? [];
  const big = reads.reduce<(typeof reads)[number] | undefined>((m, g) => (!m || g.members > m.members ? g : m), undefined);
  const small = reads.find((g) => g.members <= 10);
  if (!big || !small) return NOT;
  return { measured: `p50 ${f2(big.byName.p50)} ms on ${n(big.members)} members, ${f2(small.byName.p50)} ms on ${n(small.members)}`, met: yes(big.byName.p50 <= 1.5 * small.byName.p50 && !big.flagged) };
}

function noisy(r: ScimkitRun | undefined): Verdict {
  return r?.noisy ? { measured: `p95 ${f1(r.noisy.withNoise.p95)} ms (alone ${f1(r.noisy.alone.p95)} ms)`, met: yes(r.noisy.withNoise.p95 < 500 && r.noisy.withNoise.errors === 0) } : NOT;
}

// "Scale as far as the machine allows": reported, not judged; the no-op server of each pair is one process.
function scaling(r: ScimkitRun | undefined): Verdict {
  const one = r?.paired.lookup;
  const many = r?.scaling?.paired.lookup;
  if (!r || !one || !many) return NOT;
  const gain = many.scimkit.okPerSecond / one.scimkit.okPerSecond;
  return { measured: `${f0(many.scimkit.okPerSecond)}/s with ${r.scaling!.workers} workers (${pct(many.ratio)} of the no-op) against ${f0(one.scimkit.okPerSecond)}/s with one: ${f2(gain)}×`, met: 'reported' };
}

function cli(r: ScimkitRun | undefined): Verdict {
  return r?.cli ? { measured: `median ${f2(r.cli.median)} s (\`node -e 0\`: ${f2(r.cli.nodeAloneMedian)} s)`, met: yes(r.cli.median < 0.4) } : NOT;
}

/** The targets table: SQLite and PostgreSQL side by side, each judged at its largest size. */
export function targetsTable(res: RunResults): string[] {
  const sq = largest(res, 'sqlite');
  const pg = largest(res, 'postgres');
  const rows: [string, (r: ScimkitRun | undefined, db: DbKind) => Verdict][] = [
    ['`userName eq` lookups: ≥ 50 % of the no-op (PostgreSQL ≥ 25 %)', (r, db) => ratioVerdict(r, 'lookup', db === 'sqlite' ? 0.5 : 0.25)],
    ['`externalId eq` lookups: ≥ 50 % of the no-op (PostgreSQL ≥ 25 %)', (r, db) => ratioVerdict(r, 'lookupExternalId', db === 'sqlite' ? 0.5 : 0.25)],
    ['GET by id: ≥ 50 % of the no-op (PostgreSQL ≥ 25 %)', (r, db) => ratioVerdict(r, 'getById', db === 'sqlite' ? 0.5 : 0.25)],
    ['creates ≥ 3,000/s', (r) => rateVerdict(r, 'create', 3000)],
    ['single-attribute PATCH ≥ 3,000/s', (r) => rateVerdict(r, 'patchUser', 3000)],
    ['walk of every user by cursor pages of 1,000 under 60 s', walk],
    ['server RSS under 400 MB (peak)', rss],
    ['one-member PATCH of the 100k-member group O(1) (p50 within 1.5× of the 10-member group)', groupPatch],
    ['`GET /Groups?filter=displayName eq …&excludedAttributes=members` independent of members (p50 within 1.5×)', groupRead],
    ["another tenant's reads: p95 under 500 ms beside 10 expensive filters", noisy],
    ['`serve --workers N`: lookups scale as far as the machine allows', scaling],
    ['`scimkit tenant list` under 0.4 s', cli],
  ];
  const out = [`| Target (issues 8 and 11) | ${DB.sqlite} measured | Met? | ${DB.postgres} measured | Met? |`, '|---|---|---|---|---|'];
  for (const [t, verdict] of rows) {
    const s = verdict(sq, 'sqlite');
    const p = verdict(pg, 'postgres');
    out.push(`| ${t} | ${s.measured} | ${s.met} | ${p.measured} | ${p.met} |`);
  }
  return out;
}
