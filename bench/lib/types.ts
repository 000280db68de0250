/** The shape of one benchmark run's results, as written to JSON and rendered into docs/benchmarks.md. */
import type { LookupPlan } from './explain.js';
import type { MachineInfo } from './machine.js';
import type { GroupPatchResult, LoadResult, PagingResult } from './scenarios.js';

export type DbKind = 'sqlite' | 'postgres';

export interface Memory {
  /** VmRSS right after the server opened the loaded database and answered its first lookup, in MB (10^6 bytes). */
  afterLoadMB: number;
  /** VmRSS after the last scenario, in MB. */
  afterRunsMB: number;
  /** VmHWM (peak RSS) over the process's life, in MB. */
  peakMB: number;
}

export interface ScimkitRun {
  db: DbKind;
  users: number;
  loaderCheck: 'passed' | string;
  loadSeconds: number;
  memory?: Memory;
  plan?: LookupPlan;
  lookup?: LoadResult;
  create?: LoadResult;
  patchUser?: LoadResult;
  paging: PagingResult[];
  groups: GroupPatchResult[];
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
  connections: number;
  /** scimkit server processes (`serve --workers`); memory is summed over them. */
  workers: number;
  timeoutSeconds: number;
  pgUrl: string;
  pgMaxUsers: number;
  baseline: boolean;
  baselineMaxUsers: number;
  baselineReadyTimeout: number;
  bigGroup: number;
  groupOps: number;
  indexPagingMax: number;
  pagingCap: number;
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
  scimkit: ScimkitRun[];
  baseline: BaselineRun[];
}
