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

/** Starts `scimkit serve --rate-limit <n>` on a new database file in `dir`. */
export async function startTarget(repoRoot: string, dir: string, name: string, rateLimit: number): Promise<TargetServer> {
  const db = join(dir, `${name}.db`);
  const store = await openStore(db, { matchMember: memberMatcher, poolSize: 1 });
  const tenant = await store.tenants.create(`target-${randomUUID().slice(0, 8)}`);
  const { token } = await store.tokens.create(tenant.id, { name: 'engine' });
  await store.close();
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/scimkit.js', 'serve', '--db', db, '--port', String(port), '--rate-limit', String(rateLimit), '--log-level', 'warn'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  const scimUrl = `${origin}/scim/v2/${tenant.id}`;
  await waitUntilAnswering(scimUrl, token, child, 60_000);
  const pid = child.pid!;
  return {
    pid,
    origin,
    tenantId: tenant.id,
    scimUrl,
    token,
    rateLimit,
    cpuSeconds: () => processCpuSeconds(pid),
    memory: () => processMemory(pid),
    stop: () => stopProcess(child, () => child.kill('SIGTERM')),
  };
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
