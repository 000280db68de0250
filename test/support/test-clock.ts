import type { Clock } from '../../src/provisioning/client/clock.js';

/** A clock whose sleeps return at once and move its time forward: backoff and Retry-After tested without waiting. */
export interface TestClock extends Clock {
  /** Every sleep asked for, in milliseconds, in order. */
  readonly sleeps: number[];
  /** Moves time forward without a sleep (time passing between calls). */
  advance(ms: number): void;
}

/**
 * Starts at a fixed instant (so HTTP-date Retry-After values are exact). A sleep of `ms` resolves on the next
 * turn of the event loop and sets the time to at least (time at the call + ms), so concurrent sleeps overlap
 * the way real ones do: two requests waiting 1 s from the same instant both wake at +1 s.
 */
export function createTestClock(startMs = Date.parse('2025-01-01T00:00:00Z')): TestClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      const until = now + Math.max(0, ms);
      await new Promise<void>((resolve) => setImmediate(resolve));
      now = Math.max(now, until);
    },
  };
}
