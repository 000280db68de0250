/** How the client retries failures: attempts in all, and the bounds of the exponential delay between them. */
export interface RetryPolicy {
  /** Sends of one request in all for network errors, timeouts and 5xx (1 = no retry). */
  attempts: number;
  /** The first delay; each further retry doubles it. */
  baseDelayMs: number;
  /** No single delay exceeds this. */
  maxDelayMs: number;
}

/** Defaults: four sends, 0.5 s then 1 s then 2 s apart (each ±jitter), never more than 30 s. */
export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The delay before retry number `n` (1-based): base·2^(n-1), capped, then "equal jitter" (half fixed, half
 * random) so clients that failed together do not all come back at the same instant.
 */
export function backoffDelay(n: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, Math.min(n - 1, 30)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Reads a Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds from `nowMs`.
 * Undefined when absent or unreadable, so the caller falls back to its own backoff; a past date is 0.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
