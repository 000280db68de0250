/**
 * How long a change in the source directory takes to show at the target with change-triggered cycles, as
 * an admin runs them: `scimkit serve` on the source database with the app On (its in-process scheduler
 * looks for work every second), a change written to the source over SCIM, and the target read until it
 * shows the change. Nothing calls `sync`. Each change is written at a random moment of the scheduler's
 * second, so the results spread over its poll as they would in use.
 */
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore } from '../../src/data/store.js';
import type { SourceDirectory } from './source-dataset.js';
import { startServe, type TargetServer } from './target-server.js';

/** One run: each change's latency (write sent to target showing it), in ms. */
export interface ChangeLatencyRun {
  users: number;
  ms: number[];
  p50Ms: number;
  maxMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function scim(url: string, token: string, method: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json', ...(body ? { 'content-type': 'application/scim+json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return res.status === 204 ? undefined : res.json();
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

/**
 * Measures `rounds` changes (a user's title) from the source tenant of `sourceDb`, served by a new
 * `scimkit serve` on it, to `target`. The app must be On and in step; the engine process that ran its
 * cycles must have stopped.
 */
export async function measureChangeLatency(repoRoot: string, sourceDb: string, src: SourceDirectory, target: TargetServer, rounds: number, log: (msg: string) => void): Promise<ChangeLatencyRun> {
  const store = await openStore(sourceDb, { matchMember: memberMatcher, poolSize: 1 });
  const { token } = await store.tokens.create(src.tenantId, { name: 'latency bench' });
  await store.close();
  const serve = await startServe(repoRoot, sourceDb, 0, { tenantId: src.tenantId, token });
  const sourceUrl = `${serve.origin}/scim/v2/${src.tenantId}`;
  const ms: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const id = src.userIds[Math.floor(Math.random() * src.userIds.length)]!;
      const user = await scim(`${sourceUrl}/Users/${id}`, token, 'GET');
      const found = await scim(`${target.scimUrl}/Users?filter=${encodeURIComponent(`userName eq ${JSON.stringify(user.userName)}`)}`, target.token, 'GET');
      const targetId = found.Resources?.[0]?.id as string | undefined;
      if (!targetId) throw new Error(`user ${user.userName} is not in the target`);
      const title = `latency ${i} ${Math.random().toString(36).slice(2, 8)}`;
      await sleep(300 + Math.random() * 1000);
      const t0 = performance.now();
      await scim(`${sourceUrl}/Users/${id}`, token, 'PATCH', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: title }] });
      for (;;) {
        const now = await scim(`${target.scimUrl}/Users/${targetId}?attributes=title`, target.token, 'GET');
        if (now.title === title) break;
        if (performance.now() - t0 > 60_000) throw new Error(`the change of ${user.userName} did not reach the target within 60 s`);
        await sleep(20);
      }
      ms.push(performance.now() - t0);
      log(`  change ${i + 1}: visible at the target after ${ms[i]!.toFixed(0)} ms`);
    }
  } finally {
    await serve.stop();
  }
  return { users: src.userIds.length, ms, p50Ms: percentile(ms, 0.5), maxMs: Math.max(...ms) };
}
