/** The load scenarios (autocannon against one server), the request helpers the one-at-a-time scenarios share, and latency summaries. */
import autocannon from 'autocannon';
import { entraReplaceDisplayName, externalIdOf, newUserBody, userNameOf } from './dataset.js';

/** Where a scenario sends its requests. */
export interface Target {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Path of the SCIM base, e.g. /scim/v2/<tenant> (scimkit) or /scim/v2 (baseline). */
  prefix: string;
  token: string;
  /** How many synthetic users were loaded (user0 … user<n-1>). */
  users: number;
  /** Their ids, in load order. */
  userIds: string[];
}

/** One autocannon scenario's numbers. */
export interface LoadResult {
  scenario: string;
  seconds: number;
  responses: number;
  ok: number;
  okPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** How long one request took on its own before the scenario, in ms. */
  probeMs: number;
  /** True when that single request was slower than the warm-up period, so no warm-up ran. */
  warmupSkipped: boolean;
  /** True when anything but a 2xx came back (or a connection failed): the numbers are not clean. */
  flagged: boolean;
  /** Server CPU time (every thread) per answered request in the measured window, in µs; absent when not sampled. */
  cpuUsPerRequest?: number;
}

/** How the load generator behaves; the same for scimkit and the baseline. */
export interface LoadOptions {
  connections: number;
  duration: number;
  warmup: number;
  timeoutSeconds: number;
}

function headers(t: Target, withBody: boolean): Record<string, string> {
  return {
    authorization: `Bearer ${t.token}`,
    accept: 'application/scim+json',
    ...(withBody ? { 'content-type': 'application/scim+json' } : {}),
  };
}

const rand = (n: number) => Math.floor(Math.random() * n);

/** Makes each request of a scenario: its method, path under the SCIM prefix, and body. */
export type RequestMaker = () => { method: 'GET' | 'POST' | 'PATCH'; path: string; body?: unknown };

/** Scenario (1): look a random existing user up by userName. */
export function lookupRequests(t: Target): RequestMaker {
  return () => ({ method: 'GET', path: `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(rand(t.users))}"`)}` });
}

/** Scenario (1b): look a random existing user up by externalId, as Entra ID does when it matches on it. */
export function externalIdLookupRequests(t: Target): RequestMaker {
  return () => ({ method: 'GET', path: `/Users?filter=${encodeURIComponent(`externalId eq "${externalIdOf(rand(t.users))}"`)}` });
}

/** Scenario (1c): read a random existing user by id. */
export function getByIdRequests(t: Target): RequestMaker {
  return () => ({ method: 'GET', path: `/Users/${t.userIds[rand(t.userIds.length)]}` });
}

/** Scenario (2): create users with userNames no other request or run uses. */
export function createRequests(tag: string): RequestMaker {
  let n = 0;
  return () => ({ method: 'POST', path: '/Users', body: newUserBody(tag, n++) });
}

/** Scenario (3): Entra-shaped replace of displayName on a random existing user, always a real change. */
export function patchUserRequests(t: Target, tag: string): RequestMaker {
  let n = 0;
  return () => ({ method: 'PATCH', path: `/Users/${t.userIds[rand(t.userIds.length)]}`, body: entraReplaceDisplayName(`Renamed ${tag} ${n++}`) });
}

async function cannon(t: Target, make: RequestMaker, duration: number, o: LoadOptions): Promise<autocannon.Result> {
  const first = make();
  return autocannon({
    url: t.origin,
    connections: o.connections,
    duration,
    timeout: o.timeoutSeconds,
    headers: headers(t, first.body !== undefined),
    requests: [
      {
        method: first.method,
        setupRequest: (req) => {
          const r = make();
          return { ...req, method: r.method, path: `${t.prefix}${r.path}`, ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}) };
        },
      },
    ],
  });
}

/**
 * Waits until the server has worked through everything still queued from the last scenario (a
 * slow server keeps computing answers nobody waits for), so the next scenario starts on an idle server.
 */
export async function drain(t: Target, timeoutMs = 600_000): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${t.origin}${t.prefix}/Users/${t.userIds[0]}`, { headers: headers(t, false), signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  return (performance.now() - started) / 1000;
}

/** Extra knobs of one scenario run. */
export interface RunLoadOptions {
  /** Wait for the server to finish queued work afterwards (default true); off for a server about to be stopped. */
  drainAfter?: boolean;
  /** Reads the server's CPU seconds so far (see processCpuSeconds), to report its CPU time per request. */
  cpuSeconds?: () => number;
}

/**
 * Runs one autocannon scenario and drains the server afterwards. A single request is timed first: when
 * it alone takes longer than the warm-up, the warm-up is skipped, because 32 connections of such
 * requests would leave a backlog of minutes that the measured window would then queue behind.
 */
export async function runLoad(name: string, t: Target, make: RequestMaker, o: LoadOptions, opts: RunLoadOptions = {}): Promise<LoadResult> {
  const probe = make();
  const p0 = performance.now();
  await scim(t, probe.method, probe.path, probe.body);
  const probeMs = performance.now() - p0;
  const warmup = probeMs > o.warmup * 1000 ? 0 : o.warmup;
  if (warmup > 0) {
    await cannon(t, make, warmup, o);
    await drain(t);
  }
  const cpu0 = opts.cpuSeconds?.();
  const r = await cannon(t, make, o.duration, o);
  if (opts.drainAfter !== false) await drain(t);
  const cpu = cpu0 === undefined ? undefined : opts.cpuSeconds!() - cpu0;
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = v?.count ?? 0;
  const ok = r['2xx'];
  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    scenario: name,
    seconds: r.duration,
    responses,
    ok,
    okPerSecond: ok / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    probeMs,
    warmupSkipped: warmup === 0 && o.warmup > 0,
    flagged: r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || ok === 0,
    ...(cpu !== undefined && responses > 0 ? { cpuUsPerRequest: (cpu * 1e6) / responses } : {}),
  };
}

/** One request sent and its answer read whole (status and JSON body), for the one-at-a-time scenarios. */
export async function scim(t: Target, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${t.origin}${t.prefix}${path}`, {
    method,
    headers: headers(t, body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(600_000),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Before measuring: one lookup must find exactly its user, or every number after it is meaningless. */
export async function sanityCheck(t: Target): Promise<void> {
  const i = t.users - 1;
  const r = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(i)}"`)}`);
  if (r.status !== 200 || r.json?.totalResults !== 1 || r.json?.Resources?.[0]?.userName !== userNameOf(i)) {
    throw new Error(`sanity check failed: lookup of ${userNameOf(i)} answered ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  }
}

/** Latency summary of sequential requests, in ms. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

/** Percentiles of a set of timings in ms. */
export function summarize(ms: number[], errors: number): LatencySummary {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN);
  return { count: s.length, p50: q(50), p99: q(99), max: s.length ? s[s.length - 1]! : NaN, errors };
}

/** Latencies of requests sent by `concurrency` loops, one request at a time each, for `seconds`. */
export async function closedLoop(t: Target, make: RequestMaker, concurrency: number, seconds: number): Promise<{ latency: LatencySummary & { p95: number }; statuses: Record<string, number> }> {
  const ms: number[] = [];
  const statuses: Record<string, number> = {};
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const r = make();
        const t0 = performance.now();
        const res = await scim(t, r.method, r.path, r.body).catch(() => ({ status: 0 }));
        ms.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  const errors = Object.entries(statuses).filter(([code]) => !code.startsWith('2')).reduce((a, [, k]) => a + k, 0);
  const s = summarize(ms, errors);
  const sorted = [...ms].sort((a, b) => a - b);
  return { latency: { ...s, p95: sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! : NaN }, statuses };
}
