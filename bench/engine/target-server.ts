/**
 * The target app of the engine benchmark: `scimkit serve` in its own process on its own fresh SQLite
 * database, with one tenant and a token made through the product's stores before it starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore } from '../../src/data/store.js';
import { freePort, processCpuSeconds, processMemory, stopProcess } from '../lib/child.js';

/** A running target: its SCIM base URL and token, and its process for memory and CPU readings. */
export interface TargetServer {
  pid: number;
  origin: string;
  tenantId: string;
  scimUrl: string;
  token: string;
  /** 0 = off, as the benchmark runs it; otherwise requests per second per token. */
  rateLimit: number;
  cpuSeconds(): number;
  memory(): { rssMiB: number; peakMiB: number };
  stop(): Promise<void>;
}

async function waitUntilAnswering(url: string, token: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`scimkit serve exited with code ${child.exitCode} before it answered`);
    try {
      const res = await fetch(`${url}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${token}` } });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`scimkit serve did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A `scimkit serve` process started by the benchmark on an existing database. */
export interface ServeProcess {
  pid: number;
  origin: string;
  cpuSeconds(): number;
  memory(): { rssMiB: number; peakMiB: number };
  stop(): Promise<void>;
}

/** Starts `scimkit serve --rate-limit <n>` on a database and waits until one tenant answers with its token. */
export async function startServe(repoRoot: string, db: string, rateLimit: number, probe: { tenantId: string; token: string }): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/scimkit.js', 'serve', '--db', db, '--port', String(port), '--rate-limit', String(rateLimit), '--log-level', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${origin}/scim/v2/${probe.tenantId}`, probe.token, child, 60_000);
  const pid = child.pid!;
  return {
    pid,
    origin,
    cpuSeconds: () => processCpuSeconds(pid),
    memory: () => processMemory(pid),
    stop: () => stopProcess(child, () => child.kill('SIGTERM')),
  };
}

/** Starts `scimkit serve --rate-limit <n>` on a new database file in `dir`. */
export async function startTarget(repoRoot: string, dir: string, name: string, rateLimit: number): Promise<TargetServer> {
  const db = join(dir, `${name}.db`);
  const store = await openStore(db, { matchMember: memberMatcher, poolSize: 1 });
  const tenant = await store.tenants.create(`target-${randomUUID().slice(0, 8)}`);
  const { token } = await store.tokens.create(tenant.id, { name: 'engine' });
  await store.close();
  const serve = await startServe(repoRoot, db, rateLimit, { tenantId: tenant.id, token });
  return { ...serve, tenantId: tenant.id, scimUrl: `${serve.origin}/scim/v2/${tenant.id}`, token, rateLimit };
}

/** How many users and groups the target holds, and how many members one of its groups has (a check after each cycle). */
export async function targetCounts(t: TargetServer, groupName?: string): Promise<{ users: number; groups: number; groupMembers?: number }> {
  const get = async (path: string) => {
    const res = await fetch(`${t.scimUrl}${path}`, { headers: { authorization: `Bearer ${t.token}` } });
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return (await res.json()) as { totalResults: number; Resources?: { members?: unknown[] }[] };
  };
  const users = (await get('/Users?count=0')).totalResults;
  const groups = (await get('/Groups?count=0')).totalResults;
  if (!groupName) return { users, groups };
  const g = await get(`/Groups?filter=${encodeURIComponent(`displayName eq ${JSON.stringify(groupName)}`)}`);
  return { users, groups, groupMembers: g.Resources?.[0]?.members?.length ?? 0 };
}
