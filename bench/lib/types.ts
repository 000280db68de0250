/** The shape of one benchmark run's results, as written to JSON and rendered into docs/benchmarks.md. */
import type { LookupPlan } from './explain.js';
import type { MachineInfo } from './machine.js';
import type { NoisyResult } from './noisy.js';
import type { PairedResult } from './paired.js';
import type { CliTiming } from './cli-timing.js';
import type { GroupPatchResult, GroupReadResult } from './group-scenarios.js';
import type { PagingResult } from './paging.js';
import type { LoadResult } from './scenarios.js';

export type DbKind = 'sqlite' | 'postgres';

export interface Memory {
  /** VmRSS right after the server opened the loaded database and answered its first lookup, in MB (10^6 bytes). */
  afterLoadMB: number;
  /** VmRSS after the last scenario, in MB. */
  afterRunsMB: number;
  /** VmHWM (peak RSS) over the process's life, in MB. */
  peakMB: number;
}

/** The load scenarios measured beside the no-op server. */
export type PairedKey = 'lookup' | 'lookupExternalId' | 'getById' | 'patchUser' | 'create';

export interface ScimkitRun {
  db: DbKind;
  users: number;
  loaderCheck: 'passed' | string;
  loadSeconds: number;
  memory?: Memory;
  plan?: LookupPlan;
  paired: Partial<Record<PairedKey, PairedResult>>;
  paging: PagingResult[];
  groups: GroupPatchResult[];
  groupReads: GroupReadResult[];
  noisy?: NoisyResult;
  /** Lookups and reads by id again on `serve --workers N` (args.scaleWorkers), beside the no-op server. */
  scaling?: { workers: number; paired: Partial<Record<PairedKey, PairedResult>>; peakMB: number };
  cli?: CliTiming;
  wallSeconds: number;
  error?: string;
}

export interface BaselineRun {
  users: number;
  loadSeconds?: number;
  memory?: Memory;
  lookup?: LoadResult;
  create?: LoadResult;
  patchUser?: LoadResult;
  wallSeconds: number;
  skipped?: string;
  error?: string;
}

export interface BenchArgs {
  users: number[];
  dbs: DbKind[];
  duration: number;
  warmup: number;
  rounds: number;
  connections: number;
  /** scimkit server processes (`serve --workers`); memory is summed over them. */
  workers: number;
  /** `serve --workers N` measured afterwards for the scaling row (below 2: not measured). */
  scaleWorkers: number;
  /** Timed runs of `scimkit tenant list` (0: not measured). */
  cliRuns: number;
  timeoutSeconds: number;
  pgUrl: string;
  pgMaxUsers: number;
  scimmy: boolean;
  baselineMaxUsers: number;
  baselineReadyTimeout: number;
  bigGroup: number;
  groupOps: number;
  indexPagingMax: number;
  pagingCap: number;
  noisySeconds: number;
  out: string | undefined;
  json: string | undefined;
  note: string | undefined;
}

export interface RunResults {
  command: string;
  startedAt: string;
  finishedAt?: string;
  wallSeconds?: number;
  args: BenchArgs;
  machine: MachineInfo;
  /** How the measured scimkit was configured where it differs from `scimkit serve`'s defaults. */
  serverSettings: string;
  scimkit: ScimkitRun[];
  baseline: BaselineRun[];
}
