/** Starting, measuring and stopping the server processes under test. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A server process under test, started by this benchmark. */
export interface ServerChild {
  pid: number;
  port: number;
  origin: string;
  /** The `ready` message the child sent, with whatever it reported (load time, ids, …). */
  ready: Record<string, unknown>;
  /** Resident memory of the child right now and at its peak, in MiB (from /proc/<pid>/status). */
  memory(): { rssMiB: number; peakMiB: number };
  /** CPU seconds (user + system, every thread) the process and its children have used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * VmRSS and VmHWM of a process plus its child processes (the workers of `--workers N`), in MiB; zeros
 * when the process is gone or /proc is unavailable. The peak is the sum of each process's own peak.
 */
export function processMemory(pid: number): { rssMiB: number; peakMiB: number } {
  let rss = 0;
  let peak = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0);
      rss += kb('VmRSS') / 1024;
      peak += kb('VmHWM') / 1024;
    } catch {
      // gone meanwhile
    }
  }
  return { rssMiB: rss, peakMiB: peak };
}

/** Asks a child process to stop (`ask`), kills it after 15 s if it has not, and resolves when it has exited. */
export function stopProcess(child: ChildProcess, ask: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask();
  });
}

const CLOCK_TICKS = 100;

/**
 * CPU seconds (utime + stime from /proc/<pid>/stat, every thread) of a process and its child processes;
 * 0 where /proc is unavailable. Divided by the requests answered, it is the server's cost per request,
 * which other work on a shared machine distorts far less than throughput.
 */
export function processCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      // The command name may hold spaces; the fields after its closing parenthesis are fixed.
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Forks `node --import tsx <script> <args>` from the repository root and waits for its `ready` IPC
 * message. Messages of type `chunk` sent before `ready` are collected into `ready.chunks`.
 */
export async function startChild(repoRoot: string, script: string, args: string[], opts: { port: number; nodeArgs?: string[]; readyTimeoutMs: number; env?: Record<string, string> }): Promise<ServerChild> {
  const child: ChildProcess = fork(script, args, {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx', ...(opts.nodeArgs ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  });
  const chunks: unknown[] = [];
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not become ready within ${Math.round(opts.readyTimeoutMs / 1000)} s`));
    }, opts.readyTimeoutMs);
    child.on('message', (msg: Record<string, unknown>) => {
      if (msg?.type === 'chunk') chunks.push(...(msg.items as unknown[]));
      if (msg?.type === 'ready') {
        clearTimeout(timer);
        resolve({ ...msg, chunks });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    port: opts.port,
    origin: `http://127.0.0.1:${opts.port}`,
    ready,
    memory: () => processMemory(pid),
    cpuSeconds: () => processCpuSeconds(pid),
    stop: () => stopProcess(child, () => (child.connected ? child.send({ type: 'stop' }) : child.kill('SIGTERM'))),
  };
}

/**
 * Starts `scimkit serve` as users start it (`node bin/scimkit.js serve …`, the built JavaScript when it is
 * current) and waits for its banner, which `serve --workers N` prints once every worker listens (a worker
 * still starting would get none of the load generator's connections). Stopped with SIGTERM, as a service
 * manager stops it.
 */
export async function startServe(repoRoot: string, args: string[], opts: { port: number; readyTimeoutMs: number; nodeArgs?: string[] }): Promise<ServerChild> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), 'bin/scimkit.js', 'serve', '--port', String(opts.port), '--host', '127.0.0.1', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SCIMKIT_DB: '' },
  });
  const origin = `http://127.0.0.1:${opts.port}`;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scimkit serve printed no banner within ${Math.round(opts.readyTimeoutMs / 1000)} s`));
    }, opts.readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!out.includes(' is running.')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // Keep reading what it prints later (the shutdown lines), so a full pipe never blocks it.
      child.stdout!.off('data', onData).resume();
      resolve();
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`scimkit serve exited before it was ready (code ${code}): ${out.trim().slice(-500)}`));
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  const pid = child.pid!;
  return {
    pid,
    port: opts.port,
    origin,
    ready: {},
    memory: () => processMemory(pid),
    cpuSeconds: () => processCpuSeconds(pid),
    stop: () => stopProcess(child, () => child.kill('SIGTERM')),
  };
}
