/**
 * One load scenario measured on the no-op server and on scimkit in turn, round after round, in the same
 * run. The machine is shared and its speed drifts by tens of percent within minutes; a ratio taken from
 * two runs a few seconds apart keeps its meaning where a bare requests-per-second figure does not.
 */
import { runLoad, type LoadOptions, type LoadResult, type RequestMaker, type Target } from './scenarios.js';

/** A server the scenarios are sent to, and how to read its CPU time. */
export interface Measured {
  target: Target;
  cpuSeconds: () => number;
}

/** A scenario's rounds and the median of their ratios. */
export interface PairedResult {
  scenario: string;
  rounds: { noop: LoadResult; scimkit: LoadResult; ratio: number }[];
  /** Median over the rounds of scimkit's 2xx/s divided by the no-op's. */
  ratio: number;
  /** The round whose ratio is the median: its numbers are the ones reported. */
  noop: LoadResult;
  scimkit: LoadResult;
}

/** Runs `rounds` pairs (no-op first, then scimkit) of one scenario; `make` builds each server's requests. */
export async function paired(scenario: string, noop: Measured, scimkit: Measured, make: (t: Target) => RequestMaker, o: LoadOptions, rounds: number): Promise<PairedResult> {
  const out: PairedResult['rounds'] = [];
  for (let i = 0; i < rounds; i++) {
    const n = await runLoad(scenario, noop.target, make(noop.target), o, { cpuSeconds: noop.cpuSeconds });
    const s = await runLoad(scenario, scimkit.target, make(scimkit.target), o, { cpuSeconds: scimkit.cpuSeconds });
    out.push({ noop: n, scimkit: s, ratio: n.okPerSecond > 0 ? s.okPerSecond / n.okPerSecond : 0 });
  }
  const sorted = [...out].sort((a, b) => a.ratio - b.ratio);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { scenario, rounds: out, ratio: mid.ratio, noop: mid.noop, scimkit: mid.scimkit };
}
