/**
 * Reads a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector writes it) and says where the
 * time went: self time by area (engine modules, store, Kysely, SQLite, undici, Node, GC, idle) and the
 * heaviest functions.
 *
 * Usage: npx tsx bench/engine/profile-summary.ts <file.cpuprofile> [--top 30]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one area or function, in ms and as a share of the profile. */
export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

/** Where a profiled stretch of time went. */
export interface ProfileSummary {
  totalMs: number;
  areas: ProfileLine[];
  functions: ProfileLine[];
}

function areaOf(url: string, fn: string): string {
  if (fn === '(idle)') return 'idle (waiting for the target or the disk)';
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(program)') return 'V8 and native code outside JS';
  const src = /\/src\/(provisioning\/[^/]+|[^/]+)\//.exec(url);
  if (src && !url.includes('node_modules')) return `src/${src[1]}`;
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1]!;
  if (url.startsWith('node:')) return 'node core';
  if (!url) return `native: ${fn || '(anonymous)'}`;
  return 'other';
}

function shortUrl(url: string): string {
  const i = url.indexOf('/src/');
  if (i >= 0) return url.slice(i + 1);
  const m = url.indexOf('node_modules/');
  return m >= 0 ? url.slice(m + 'node_modules/'.length) : url;
}

/** Self time per area and per function of a CPU profile. */
export function summarizeProfile(profile: CpuProfile, top = 30): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const totalUs = profile.endTime - profile.startTime;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)!.callFrame;
    const area = areaOf(cf.url, cf.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const name = cf.url ? `${cf.functionName || '(anonymous)'} ${shortUrl(cf.url)}:${cf.lineNumber + 1}` : cf.functionName || '(anonymous)';
    fns.set(name, (fns.get(name) ?? 0) + us);
  }
  const lines = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }));
  return { totalMs: totalUs / 1000, areas: lines(areas), functions: lines(fns).slice(0, top) };
}

/** Reads a .cpuprofile file and summarizes it. */
export function summarizeProfileFile(file: string, top = 30): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [--top N]');
  const top = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 30;
  const s = summarizeProfileFile(file, top);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  console.log(`profile: ${(s.totalMs / 1000).toFixed(1)} s\n\nself time by area:`);
  for (const a of s.areas.filter((a) => a.share >= 0.002)) console.log(`  ${pct(a.share)} ${(a.ms / 1000).toFixed(2).padStart(8)} s  ${a.name}`);
  console.log('\nheaviest functions (self time):');
  for (const f of s.functions) console.log(`  ${pct(f.share)} ${(f.ms / 1000).toFixed(2).padStart(8)} s  ${f.name}`);
}
