/** The shape of one engine benchmark run's results, as written to JSON and rendered into docs/benchmarks.md. */
import type { MachineInfo } from '../lib/machine.js';
import type { ChangeLatencyRun } from './change-latency.js';
import type { DirectResult } from './direct-load.js';
import type { SyncOutcome } from './engine-process.js';
import type { ProfileSummary } from './profile-summary.js';

/** One measured cycle, with the CPU both processes spent during it. */
export interface MeasuredCycle extends SyncOutcome {
  engineCpuSeconds: number;
  targetCpuSeconds: number;
}

/** Incremental cycles in the loaded directory, each measured `rounds` times. */
export interface IncrementalResults {
  idle: MeasuredCycle[];
  changes10: MeasuredCycle[];
  changes1000: MeasuredCycle[];
  memberAdd: MeasuredCycle[];
  memberRemove: MeasuredCycle[];
}

/** One directory size: the direct baseline, the engine's initial cycle, and (at the largest size) the incremental cycles. */
export interface SizeRun {
  users: number;
  groups: number;
  memberships: number;
  loadSeconds: number;
  direct: DirectResult;
  directTargetCpuSeconds: number;
  initial: MeasuredCycle;
  /** What the target held after the initial cycle (a check that nothing was missing or duplicated). */
  check: { users: number; groups: number; bigGroupMembers: number; ok: boolean };
  incremental?: IncrementalResults;
  /** Source changes over SCIM to the target through `scimkit serve`'s change-triggered cycles (largest size). */
  changeLatency?: ChangeLatencyRun;
  engineMemory: { rssMiB: number; peakMiB: number };
  targetMemory: { rssMiB: number; peakMiB: number };
  profile?: { file: string; summary: ProfileSummary };
}

/** An initial cycle against the target's default rate limit, and what it implies for 100,000 users. */
export interface RateLimitedRun {
  users: number;
  rateLimit: number;
  cycle: MeasuredCycle;
  /** Requests the unlimited 100k cycle sent (when measured in the same run). */
  requestsFor100k?: number;
}

/** Options of the engine benchmark. */
export interface EngineBenchArgs {
  users: number[];
  template: string;
  concurrency: number;
  membersPerPatch: number;
  rounds: number;
  rateLimitedUsers: number;
  rateLimit: number;
  latencyRounds: number;
  profile: boolean;
  out: string | undefined;
  json: string;
  note: string | undefined;
}

/** Everything one run measured. */
export interface EngineBenchResults {
  command: string;
  startedAt: string;
  wallSeconds?: number;
  args: EngineBenchArgs;
  machine: MachineInfo;
  sizes: SizeRun[];
  rateLimited?: RateLimitedRun;
}
