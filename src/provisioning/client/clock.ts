import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the client sees it: injectable so tests of backoff and Retry-After never wait on real timers. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** The real clock: wall time and real timers, what production runs on. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    if (ms > 0) await sleep(ms);
  },
};
