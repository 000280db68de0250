/** What the numbers were measured on: CPU, memory, Node, databases, and how busy the machine was. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  platform: string;
  sqlite: string;
  postgres?: string;
  commit?: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function gitCommit(repoRoot: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export async function machineInfo(repoRoot: string, pgAdminUrl: string | undefined): Promise<MachineInfo> {
  const mem = new SqliteDatabase(':memory:');
  const sqlite = (mem.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  mem.close();
  let postgres: string | undefined;
  if (pgAdminUrl) {
    const c = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      postgres = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
    } catch {
      postgres = undefined;
    } finally {
      await c.end().catch(() => undefined);
    }
  }
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    ramGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    sqlite,
    postgres,
    commit: gitCommit(repoRoot),
    loadAverageStart: os.loadavg(),
  };
}
