/** The parent's handle on the engine process (bench/engine/engine-child.ts): typed commands over IPC, memory and CPU readings. */
import { fork } from 'node:child_process';
import type { AppSettingsInput } from '../../src/provisioning/apps/app-settings.js';
import type { CycleResult } from '../../src/provisioning/cycle/app-cycle.js';
import type { ScimClientStats } from '../../src/provisioning/client/scim-client.js';
import { processCpuSeconds, processMemory, stopProcess } from '../lib/child.js';

/** What the parent can ask the engine process to do. */
export type EngineCommand =
  | { cmd: 'createApp'; args: { tenant: string; name: string; template: string; targetUrl: string; token: string; settings: AppSettingsInput; assignGroups: string[] } }
  | { cmd: 'sync'; args: { appId: string; profile?: string } }
  | { cmd: 'changeUsers'; args: { tenant: string; ids: string[]; tag: string } }
  | { cmd: 'startApp'; args: { appId: string } }
  | { cmd: 'addMember'; args: { tenant: string; groupId: string; userId: string } }
  | { cmd: 'removeMember'; args: { tenant: string; groupId: string; userId: string } };

/** One cycle as the engine process measured it: wall time, the engine's result, and what its client sent. */
export interface SyncOutcome {
  ms: number;
  result: CycleResult;
  requests?: ScimClientStats;
  /** First and last provisioning log record of each kind of work (e.g. "User create"), in ms after the cycle started. */
  phases: Record<string, { firstMs: number; lastMs: number; records: number }>;
}

/** A running engine process. */
export interface EngineProcess {
  pid: number;
  createApp(args: Extract<EngineCommand, { cmd: 'createApp' }>['args']): Promise<string>;
  sync(appId: string, profile?: string): Promise<SyncOutcome>;
  changeUsers(tenant: string, ids: string[], tag: string): Promise<number>;
  /** Provisioning On: a `scimkit serve` on the source database then cycles the app on change. */
  startApp(appId: string): Promise<string>;
  addMember(tenant: string, groupId: string, userId: string): Promise<number>;
  removeMember(tenant: string, groupId: string, userId: string): Promise<number>;
  cpuSeconds(): number;
  memory(): { rssMiB: number; peakMiB: number };
  stop(): Promise<void>;
}

/** Forks the engine process on the source database and waits until it has opened the engine. */
export async function startEngine(repoRoot: string, db: string): Promise<EngineProcess> {
  const child = fork('bench/engine/engine-child.ts', ['--db', db], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the engine process exited (code ${code}) before it was ready`)));
    child.on('message', (msg: { type?: string; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (msg.type === 'ready') return resolve();
      const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (!p) return;
      pending.delete(msg.id!);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`engine process: ${msg.error}`));
    });
  });
  const call = <T>(c: EngineCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...c, id });
    });
  const pid = child.pid!;
  return {
    pid,
    createApp: (args) => call({ cmd: 'createApp', args }),
    sync: (appId, profile) => call({ cmd: 'sync', args: { appId, profile } }),
    changeUsers: (tenant, ids, tag) => call({ cmd: 'changeUsers', args: { tenant, ids, tag } }),
    startApp: (appId) => call({ cmd: 'startApp', args: { appId } }),
    addMember: (tenant, groupId, userId) => call({ cmd: 'addMember', args: { tenant, groupId, userId } }),
    removeMember: (tenant, groupId, userId) => call({ cmd: 'removeMember', args: { tenant, groupId, userId } }),
    cpuSeconds: () => processCpuSeconds(pid),
    memory: () => processMemory(pid),
    stop: () => stopProcess(child, () => child.disconnect()),
  };
}
