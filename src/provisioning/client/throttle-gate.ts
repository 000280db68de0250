import { backoffDelay, type RetryPolicy } from './backoff.js';
import type { Clock } from './clock.js';

// A Retry-After of 0 (or a date in the past) still waits this long, so a confused target cannot make a tight loop.
const MIN_THROTTLE_WAIT_MS = 100;

/** What the gate decided about a throttle answer or a request about to leave. */
export type GateVerdict = { go: true } | { go: false; retryAfterMs: number };

/**
 * The client-wide pacing gate: a 429 or 503 from the target closes it until the time the target asked for
 * (Retry-After) or a backoff, for every request of the client, so the engine slows to the target's rate
 * instead of hammering it. Throttling is bounded in time, not in count: once a continuous throttled streak
 * would last longer than `maxWaitMs`, requests give up (the engine defers their objects). Any answer that is
 * not a throttle ends the streak.
 */
export class ThrottleGate {
  private until = 0;
  private since: number | undefined;
  private streak = 0;

  constructor(
    private readonly clock: Clock,
    private readonly maxWaitMs: number,
    private readonly backoff: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
    private readonly random: () => number,
  ) {}

  /** Waits until the gate is open; refuses at once when the wait would take the streak past the budget. */
  async pass(): Promise<GateVerdict> {
    for (;;) {
      const now = this.clock.now();
      if (now >= this.until) return { go: true };
      if (this.since !== undefined && this.until - this.since > this.maxWaitMs) return { go: false, retryAfterMs: this.until - now };
      await this.clock.sleep(this.until - now);
    }
  }

  /** Records a 429/503 (and its Retry-After in ms, if any) and closes the gate; says whether to try again. */
  throttled(retryAfterMs: number | undefined): GateVerdict {
    const now = this.clock.now();
    this.since ??= now;
    this.streak += 1;
    const wait = retryAfterMs === undefined ? backoffDelay(this.streak, this.backoff, this.random) : Math.max(retryAfterMs, MIN_THROTTLE_WAIT_MS);
    this.until = Math.max(this.until, now + wait);
    if (this.until - this.since > this.maxWaitMs) return { go: false, retryAfterMs: this.until - now };
    return { go: true };
  }

  /** Any answer that is not a throttle: the target is accepting work again. */
  answered(): void {
    this.since = undefined;
    this.streak = 0;
  }
}
