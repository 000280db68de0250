// A scimkit target with its DEFAULT rate limit (100 requests/s per token over a 10 s window, so 1,000
// requests a window, then 429 with Retry-After until the window ends): an initial cycle of 2,000 users in
// an assigned group (about 2,030 requests) completes in one cycle, with no object failed, deferred or
// escrowed and no quarantine; it only takes longer. The limit concerns the client and the target's
// request counting, not storage, so this runs on the first database only (SQLite when both are there).
import { afterEach, describe, expect, it } from 'vitest';
import { defaultServerConfig } from '../../src/config/server-config.js';
import { DIALECTS } from '../support/databases.js';
import { expectedTargetUser, sourceUserDoc, type UserFacts } from '../support/expected-users.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';

const USERS = 2_000;
const dialect = DIALECTS[0]!;

const factsOf = (i: number): UserFacts => ({ userName: `r${String(i).padStart(4, '0')}@corp.example`, active: true, givenName: `R${i}`, familyName: 'Limited', displayName: `R${i} Limited`, mail: `r${i}@corp.example` });

describe(`${dialect}: an initial cycle against the target's default rate limit`, { timeout: 240_000 }, () => {
  let s: Scenario | undefined;
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await s?.close();
  });

  it(`provisions ${USERS} users exactly, paced by 429 Retry-After, with no object failure`, async () => {
    expect(defaultServerConfig.rateLimitPerSecond).toBe(100);
    s = await startScenario(dialect, {}, { rateLimitPerSecond: defaultServerConfig.rateLimitPerSecond });
    // The proxy injects nothing: it only records what the target answered.
    proxy = await startFaultProxy(s.server.origin);
    const facts = Array.from({ length: USERS }, (_, i) => factsOf(i));
    const ids: string[] = [];
    for (const f of facts) ids.push((await s.src.user(f.userName, sourceUserDoc(f))).id);
    const everyone = await s.src.group('Everyone', ids);
    const app = await s.engine.createApp({ tenant: s.source, name: 'limited', template: 'generic', targetUrl: proxy.via(s.targetUrl), token: s.targetToken });
    await s.engine.assign(app.id, { group: everyone.id });

    const started = Date.now();
    const r = await s.engine.sync(app.id);
    const seconds = (Date.now() - started) / 1000;
    expect(r).toMatchObject({ kind: 'initial', status: 'succeeded', error: null, quarantine: null });
    expect(r.counts.failure ?? 0).toBe(0);
    expect(r.counts.deferred ?? 0).toBe(0);
    expect(await s.engine.ctx.escrows.list(app.id)).toEqual([]);
    expect(await s.engine.ctx.dirty.any(app.id)).toBe(false);
    expect(await s.targetState()).toEqual({
      users: facts.map((f) => expectedTargetUser('generic', f)).sort((a, b) => String(a.userName).localeCompare(String(b.userName))),
      groups: [{ displayName: 'Everyone', externalId: everyone.id, members: facts.map((f) => f.userName).sort() }],
    });
    // Paced, not failed: the target refused some requests with 429, and the cycle spanned more than one
    // 10 s window (over 2,000 requests at 1,000 a window cannot take less).
    const sent = proxy.requests.length;
    const throttled = proxy.requests.filter((q) => q.status === 429).length;
    expect(sent - throttled).toBeGreaterThan(USERS);
    expect(throttled).toBeGreaterThan(0);
    expect(seconds).toBeGreaterThan(10);
    // Each user was created once: no POST was repeated after a 429 that had already created it.
    expect(proxy.requests.filter((q) => q.method === 'POST' && /\/Users$/.test(q.url) && q.status === 201)).toHaveLength(USERS);
    console.log(`rate-limited initial cycle: ${USERS} users in ${seconds.toFixed(1)} s, ${sent} requests, ${throttled} answered 429`);
  });
});
