import { Pool } from 'undici';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './backoff.js';
import { scimClientError, type ScimClientErrorFacts } from './client-error.js';
import type { Clock } from './clock.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { classifyNetworkError, type NetworkFailure } from './network-failure.js';
import { bodyExcerpt, parseBody, scimErrorOf } from './response-body.js';
import { ThrottleGate } from './throttle-gate.js';
import { requestTarget, type QueryParams, type TenantUrl } from './tenant-url.js';

/** Per-request options of the low-level `request`. */
export interface ScimRequestOptions {
  query?: QueryParams;
  /** A value to send as JSON (`application/scim+json`), or a string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** false: send once, no retry and no throttle wait (Test Connection reports what the first answer was). */
  retry?: boolean;
}

/** One answer from the target, whatever its status (only transport failures and exhausted throttling throw). */
export interface ScimResponse {
  method: string;
  /** The request URL, for errors and logs. */
  url: string;
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, else the text; undefined when empty. */
  body: unknown;
  /** The raw body text, for excerpts. */
  text: string;
  /** From the first send to this answer, waits and retries included. */
  durationMs: number;
  /** Sends it took. */
  attempts: number;
}

/** Counters of one client since it was created, for sync details and benchmarks. */
export interface ScimClientStats {
  /** Requests sent (every retry and every throttled re-send counts). */
  requests: number;
  /** 429 and 503 answers received. */
  throttled: number;
  /** Re-sends after a network error, a timeout or a 5xx. */
  retries: number;
  networkErrors: number;
  timeouts: number;
  /** Answers by HTTP status. */
  byStatus: Record<number, number>;
}

/** What the transport needs to know about the app. */
export interface RequesterOptions {
  tenant: TenantUrl;
  token: string;
  concurrency: number;
  timeoutMs: number;
  retry: RetryPolicy;
  maxThrottleWaitMs: number;
  maxResponseBytes: number;
  clock: Clock;
  random: () => number;
  userAgent: string;
}

type Attempt =
  | { type: 'answer'; response: ScimResponse }
  | { type: 'timeout' }
  | { type: 'network'; failure: NetworkFailure; cause: unknown };

/** The transport of one client: its connection pool, pacing gate, concurrency bound, retries and stats. */
export interface Requester {
  request(method: string, path: string, opts?: ScimRequestOptions): Promise<ScimResponse>;
  readonly stats: ScimClientStats;
  close(): Promise<void>;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Builds the transport: one undici pool (keep-alive) per app, at most `concurrency` requests in flight. */
export function createRequester(o: RequesterOptions): Requester {
  const pool = new Pool(o.tenant.origin, {
    connections: o.concurrency,
    pipelining: 1,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    maxResponseSize: o.maxResponseBytes,
    connect: { timeout: Math.min(o.timeoutMs, 10_000), minVersion: 'TLSv1.2' },
  });
  const limit = new ConcurrencyLimit(o.concurrency);
  const gate = new ThrottleGate(o.clock, o.maxThrottleWaitMs, o.retry, o.random);
  const stats: ScimClientStats = { requests: 0, throttled: 0, retries: 0, networkErrors: 0, timeouts: 0, byStatus: {} };
  const baseHeaders = {
    authorization: `Bearer ${o.token}`,
    accept: 'application/scim+json, application/json;q=0.9',
    'user-agent': o.userAgent,
  };

  async function sendOnce(method: string, target: string, headers: Record<string, string>, body: string | undefined, started: number, attempts: number): Promise<Attempt> {
    const url = `${o.tenant.origin}${target}`;
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, o.timeoutMs);
    try {
      const res = await pool.request({ method: method as 'GET', path: target, headers, body, signal: ac.signal });
      const text = await res.body.text();
      const h = flattenHeaders(res.headers);
      const response: ScimResponse = {
        method,
        url,
        status: res.statusCode,
        headers: h,
        body: parseBody(h['content-type'], text),
        text,
        durationMs: performance.now() - started,
        attempts,
      };
      return { type: 'answer', response };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { type: 'timeout' };
      return { type: 'network', failure: classifyNetworkError(err, o.tenant.origin), cause: err };
    } finally {
      clearTimeout(timer);
    }
  }

  async function request(method: string, path: string, opts: ScimRequestOptions = {}): Promise<ScimResponse> {
    const m = method.toUpperCase();
    const target = requestTarget(o.tenant, path, opts.query);
    const url = `${o.tenant.origin}${target}`;
    const idempotent = m !== 'POST';
    const canRetry = opts.retry !== false;
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const headers: Record<string, string> = { ...baseHeaders, ...(body !== undefined ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}), ...opts.headers };
    const started = performance.now();
    let attempts = 0;
    let failures = 0;
    let lastThrottle: ScimResponse | undefined;
    const facts = (extra: Omit<ScimClientErrorFacts, 'method' | 'url' | 'attempts'>): ScimClientErrorFacts => ({ method: m, url, attempts, ...extra });
    const throttledError = (retryAfterMs: number) => {
      const res = lastThrottle;
      const fromBody = res ? scimErrorOf(res.body) : {};
      const detail = `the target kept throttling for longer than ${o.maxThrottleWaitMs} ms${fromBody.detail ? ` (${fromBody.detail})` : ''}`;
      return scimClientError.throttled(facts({ status: res?.status ?? 429, detail, retryAfterMs, bodyExcerpt: res ? bodyExcerpt(res.text, o.token) : undefined }));
    };

    for (;;) {
      await limit.acquire();
      let attempt: Attempt;
      try {
        const verdict = canRetry ? await gate.pass() : { go: true as const };
        if (!verdict.go) throw throttledError(verdict.retryAfterMs);
        attempts += 1;
        stats.requests += 1;
        attempt = await sendOnce(m, target, headers, body, started, attempts);
      } finally {
        limit.release();
      }

      if (attempt.type === 'answer') {
        const res = attempt.response;
        stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
        if (res.status === 429 || res.status === 503) {
          stats.throttled += 1;
          lastThrottle = res;
          const retryAfter = parseRetryAfter(res.headers['retry-after'], o.clock.now());
          const verdict = gate.throttled(retryAfter);
          if (!canRetry) {
            const fromBody = scimErrorOf(res.body);
            throw scimClientError.throttled(facts({ status: res.status, detail: fromBody.detail ?? `the target answered ${res.status}`, retryAfterMs: retryAfter, bodyExcerpt: bodyExcerpt(res.text, o.token) }));
          }
          if (!verdict.go) throw throttledError(verdict.retryAfterMs);
          continue;
        }
        gate.answered();
        if (res.status >= 500 && res.status !== 501 && idempotent && canRetry && failures + 1 < o.retry.attempts) {
          failures += 1;
          stats.retries += 1;
          await o.clock.sleep(backoffDelay(failures, o.retry, o.random));
          continue;
        }
        return res;
      }

      const failure = attempt.type === 'network' ? attempt.failure : undefined;
      if (attempt.type === 'timeout') stats.timeouts += 1;
      else stats.networkErrors += 1;
      // A POST may be re-sent only when it provably never left (connect, DNS or TLS failure).
      const resendable = idempotent || (failure !== undefined && failure.beforeSend);
      const retryable = failure === undefined || failure.retryable;
      if (resendable && retryable && canRetry && failures + 1 < o.retry.attempts) {
        failures += 1;
        stats.retries += 1;
        await o.clock.sleep(backoffDelay(failures, o.retry, o.random));
        continue;
      }
      const detail = failure ? failure.reason : `no complete answer from ${o.tenant.origin} within ${o.timeoutMs} ms`;
      const cause = attempt.type === 'network' ? attempt.cause : undefined;
      if (!resendable) {
        throw scimClientError.unknownOutcome(facts({ detail: `${detail}; the ${m} may have been carried out`, code: failure?.code, cause }));
      }
      if (attempt.type === 'timeout') throw scimClientError.timeout(facts({ detail }));
      throw scimClientError.network(facts({ detail, code: failure?.code, cause }));
    }
  }

  return {
    request,
    stats,
    async close() {
      await pool.close();
    },
  };
}
