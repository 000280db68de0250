import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, ROOT, cleanEnv, freePort, runCli, type CliRun } from '../../support/cli-process.js';

/** A real `scimkit serve` on a fresh SQLite file, serving the built console, for one browser test file. */
export interface ConsoleServer {
  /** http://127.0.0.1:<port> */
  base: string;
  dbPath: string;
  /** Runs another scimkit command on the same database (`tenant create`, `admin create` …). */
  cli(args: string[], stdin?: string): Promise<CliRun>;
  /** Runs SQL on the server's database (to expire a session, say), as a second process would. */
  sql(statement: string, ...params: unknown[]): void;
  /** What the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node bin/scimkit.js serve` on a free port and waits until it listens. */
export async function startConsoleServer(extraArgs: string[] = []): Promise<ConsoleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'scimkit-console-'));
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'console.db');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--db', dbPath, '--log-level', 'warn', ...extraArgs], { cwd: ROOT, env: cleanEnv() });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`scimkit serve did not start within 60 s; output:\n${out}`)), 60_000);
    const check = () => {
      if (/Press Ctrl\+C/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`scimkit serve exited with ${code} before listening; output:\n${out}`));
    });
  });
  return {
    base,
    dbPath,
    cli: (args, stdin) => runCli([...args, '--db', dbPath], {}, stdin),
    sql(statement, ...params) {
      const db = new Database(dbPath, { timeout: 5000 });
      try {
        db.prepare(statement).run(...params);
      } finally {
        db.close();
      }
    },
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
