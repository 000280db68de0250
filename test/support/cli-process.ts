import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where the CLI runs from in tests. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The real CLI entry, run as users run it: `node bin/scimkit.js …`. */
export const BIN = join(ROOT, 'bin', 'scimkit.js');

/** The environment without any scimkit setting of the developer's shell, so only the flags given here count. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('SCIMKIT_') || k === 'PORT') delete env[k];
  return { ...env, ...extra };
}

/** A TCP port on loopback that nothing listens on right now, for a server under test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A CLI process started and not waited for: to kill it mid-work, or to race it against another. */
export interface CliChild {
  child: ChildProcess;
  /** Resolves when the process has exited (after a kill too), with what it printed. */
  done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts `node bin/scimkit.js <args>` in a clean environment (plus `env`), optionally with text on standard input. */
export function startCli(args: string[], env: Record<string, string> = {}, stdin?: string): CliChild {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env) });
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  child.stdin.end(stdin ?? '');
  return { child, done };
}

/** Runs `node bin/scimkit.js <args>` in a clean environment (plus `env`), optionally with text on standard input. */
export async function runCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliRun> {
  const { code, stdout, stderr } = await startCli(args, env, stdin).done;
  return { code, stdout, stderr };
}

/** Starts `scimkit serve --port <port> <args>` and resolves once it answers /healthz (60 s at most). */
export async function startServeProcess(port: number, args: string[], env: Record<string, string> = {}): Promise<CliChild> {
  const serve = startCli(['serve', '--port', String(port), '--log-level', 'warn', ...args], env);
  const end = Date.now() + 60_000;
  for (;;) {
    if (serve.child.exitCode !== null) throw new Error(`scimkit serve exited before it answered: ${(await serve.done).stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return serve;
    if (Date.now() > end) {
      serve.child.kill('SIGKILL');
      throw new Error('scimkit serve did not answer /healthz within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
