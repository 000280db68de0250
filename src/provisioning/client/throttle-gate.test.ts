import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../../test/support/test-clock.js';
import { ThrottleGate } from './throttle-gate.js';

const backoff = { baseDelayMs: 1000, maxDelayMs: 8000 };

describe('ThrottleGate', () => {
  it('holds every request until the Retry-After instant', async () => {
    const clock = createTestClock();
    const gate = new ThrottleGate(clock, 60_000, backoff, () => 1);
    const t0 = clock.now();
    expect(gate.throttled(5000)).toEqual({ go: true });
    const waits = await Promise.all([gate.pass(), gate.pass(), gate.pass()]);
    expect(waits.every((w) => w.go)).toBe(true);
    expect(clock.now() - t0).toBe(5000);
    // Open now: no further wait.
    const before = clock.sleeps.length;
    await gate.pass();
    expect(clock.sleeps.length).toBe(before);
  });

  it('backs off exponentially when the target gives no Retry-After, and resets on an answer', () => {
    const clock = createTestClock();
    const gate = new ThrottleGate(clock, 600_000, backoff, () => 1);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = clock.now();
      gate.throttled(undefined);
      waits.push((gate as unknown as { until: number }).until - start);
      clock.advance(waits[i]!);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    gate.answered();
    const start = clock.now();
    gate.throttled(undefined);
    expect((gate as unknown as { until: number }).until - start).toBe(1000);
  });

  it('gives up once a continuous streak would exceed the budget, and refuses waiting requests at once', async () => {
    const clock = createTestClock();
    const gate = new ThrottleGate(clock, 30_000, backoff, () => 1);
    expect(gate.throttled(10_000)).toEqual({ go: true });
    clock.advance(10_000);
    expect(gate.throttled(10_000)).toEqual({ go: true });
    clock.advance(10_000);
    expect(gate.throttled(10_000)).toEqual({ go: true }); // streak reaches exactly 30 s
    clock.advance(10_000);
    expect(gate.throttled(10_000)).toEqual({ go: false, retryAfterMs: 10_000 });
    expect(await gate.pass()).toEqual({ go: false, retryAfterMs: 10_000 });
  });

  it('a Retry-After longer than the whole budget gives up at once, and a 0 still waits a little', async () => {
    const clock = createTestClock();
    const gate = new ThrottleGate(clock, 60_000, backoff, () => 1);
    expect(gate.throttled(3_600_000)).toEqual({ go: false, retryAfterMs: 3_600_000 });
    const g2 = new ThrottleGate(clock, 60_000, backoff, () => 1);
    g2.throttled(0);
    const t = clock.now();
    await g2.pass();
    expect(clock.now() - t).toBe(100);
  });
});
