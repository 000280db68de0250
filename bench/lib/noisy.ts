/**
 * Scenario (7), the noisy neighbour: a second tenant's reads timed alone, then while the loaded tenant
 * sends ten expensive filters at a time (200 substring tests on an attribute no index serves).
 */
import { randomUUID } from 'node:crypto';
import { normalizeResource } from '../../src/scim/resource/normalize-resource.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore } from '../../src/data/store.js';
import { userBody, userNameOf } from './dataset.js';
import { closedLoop, type LatencySummary, type RequestMaker, type Target } from './scenarios.js';

/** The quiet tenant: its id, a token, and the ids of its users. */
export interface QuietTenant {
  tenantId: string;
  token: string;
  userIds: string[];
}

/** Adds the small second tenant, whose reads the scenario times: ten users created the way POST /Users creates them. */
export async function createQuietTenant(url: string): Promise<QuietTenant> {
  const store = await openStore(url, { matchMember: memberMatcher, poolSize: 2 });
  try {
    const tenant = await store.tenants.create(`bench-quiet-${randomUUID().slice(0, 8)}`);
    const { token } = await store.tokens.create(tenant.id, { name: 'bench' });
    const userIds: string[] = [];
    for (let i = 0; i < 10; i++) userIds.push((await store.resources.create(tenant.id, 'User', normalizeResource('User', userBody(i)))).id);
    return { tenantId: tenant.id, token, userIds };
  } finally {
    await store.close();
  }
}

/** What the quiet tenant saw, alone and beside the noise, and what the noisy tenant got back. */
export interface NoisyResult {
  /** The noisy tenant's filter. */
  filter: string;
  alone: LatencySummary & { p95: number };
  withNoise: LatencySummary & { p95: number };
  /** Answers the noisy tenant received, by status (400 is a read stopped at the budget, 429 one refused a slot). */
  noiseStatuses: Record<string, number>;
}

/** The expensive filter: `name.familyName co "…" or …`, 200 terms that match nothing, so every term is tested on every user. */
export const EXPENSIVE_FILTER = Array.from({ length: 200 }, (_, i) => `name.familyName co "nomatch${i}"`).join(' or ');

const rand = (n: number) => Math.floor(Math.random() * n);

/** The quiet tenant's mix: reads by id, `userName eq` lookups and (a heavy read) a first page of its users. */
function quietRequests(t: Target): RequestMaker {
  let n = 0;
  return () => {
    const k = n++ % 3;
    if (k === 0) return { method: 'GET', path: `/Users/${t.userIds[rand(t.userIds.length)]}` };
    if (k === 1) return { method: 'GET', path: `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(rand(t.users))}"`)}` };
    return { method: 'GET', path: '/Users?count=5' };
  };
}

/** Runs the scenario: `seconds` of the quiet tenant alone (4 connections), then `seconds` beside 10 connections of noise. */
export async function noisyNeighbour(quiet: Target, noisy: Target, seconds: number): Promise<NoisyResult> {
  const alone = await closedLoop(quiet, quietRequests(quiet), 4, seconds);
  const expensive: RequestMaker = () => ({ method: 'GET', path: `/Users?filter=${encodeURIComponent(EXPENSIVE_FILTER)}&count=10` });
  const noise = closedLoop(noisy, expensive, 10, seconds + 1);
  // Let the noise fill its slot and queue first.
  await new Promise((r) => setTimeout(r, 500));
  const withNoise = await closedLoop(quiet, quietRequests(quiet), 4, seconds);
  const n = await noise;
  return { filter: EXPENSIVE_FILTER, alone: alone.latency, withNoise: withNoise.latency, noiseStatuses: n.statuses };
}
