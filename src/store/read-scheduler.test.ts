import { describe, expect, it } from 'vitest';
import { isScimError } from '../scim/errors.js';
import { ReadScheduler, type SchedulerTimers } from './read-scheduler.js';

// Timers the test fires by hand: nothing waits on real time.
function manualTimers(): SchedulerTimers & { fire(): void; pending(): number } {
  const timers = new Set<{ fn: () => void }>();
  return {
    set: (_ms, fn) => {
      const t = { fn };
      timers.add(t);
      return t;
    },
    clear: (h) => void timers.delete(h as { fn: () => void }),
    fire: () => {
      const due = [...timers];
      timers.clear();
      for (const t of due) t.fn();
    },
    pending: () => timers.size,
  };
}

// A job that runs until the test releases it, recording when it started.
function gate(log: string[], name: string) {
  let open!: () => void;
  const released = new Promise<void>((r) => (open = r));
  return {
    job: async (slot: number) => {
      log.push(`${name}@${slot}`);
      await released;
      return name;
    },
    open,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ReadScheduler', () => {
  it('runs at most perTenant reads of one tenant, and gives a freed slot to the next tenant in turn', async () => {
    const s = new ReadScheduler({ slots: 2, perTenant: 1, maxQueued: 10, maxWaitMs: 1000 }, manualTimers());
    const log: string[] = [];
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    const runs = [s.run('A', a1.job), s.run('A', a2.job), s.run('B', b1.job)];
    await tick();
    // A's second read waits although a slot is free: A already runs its share. B takes the free slot.
    expect(log).toEqual(['a1@0', 'b1@1']);
    expect(s.stats()).toEqual({ running: 2, waiting: 1 });
    b1.open();
    await tick();
    expect(log).toEqual(['a1@0', 'b1@1']);
    a1.open();
    await tick();
    expect(log).toEqual(['a1@0', 'b1@1', 'a2@0']);
    a2.open();
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'b1']);
    expect(s.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('alternates between tenants that both wait, whichever queued more', async () => {
    const s = new ReadScheduler({ slots: 1, perTenant: 1, maxQueued: 10, maxWaitMs: 1000 }, manualTimers());
    const log: string[] = [];
    const gates = ['a1', 'a2', 'a3', 'b1', 'b2'].map((n) => gate(log, n));
    const runs = gates.map((g, i) => s.run(i < 3 ? 'A' : 'B', g.job));
    for (let n = 0; n < gates.length; n++) {
      await tick();
      // Let the read that runs now finish.
      gates.find((g, i) => log[log.length - 1]!.startsWith(['a1', 'a2', 'a3', 'b1', 'b2'][i]!))!.open();
    }
    await Promise.all(runs);
    expect(log.map((l) => l.slice(0, 2))).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('refuses a read with 429 when its tenant already has maxQueued waiting', async () => {
    const s = new ReadScheduler({ slots: 1, perTenant: 1, maxQueued: 1, maxWaitMs: 1000 }, manualTimers());
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = s.run('A', first.job);
    const waiting = s.run('A', async () => 'second');
    const refused = await s.run('A', async () => 'third').catch((e: unknown) => e);
    expect(isScimError(refused) && refused.status).toBe(429);
    expect(isScimError(refused) && refused.headers['Retry-After']).toBe('1');
    // Another tenant still queues.
    const other = s.run('B', async () => 'other');
    first.open();
    expect(await Promise.all([running, waiting, other])).toEqual(['first', 'second', 'other']);
  });

  it('refuses a read with 429 that waited maxWaitMs for a slot, and forgets it', async () => {
    const timers = manualTimers();
    const s = new ReadScheduler({ slots: 1, perTenant: 1, maxQueued: 5, maxWaitMs: 1000 }, timers);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = s.run('A', first.job);
    const late = s.run('B', async () => 'late').catch((e: unknown) => e);
    expect(timers.pending()).toBe(1);
    timers.fire();
    const err = await late;
    expect(isScimError(err) && err.status).toBe(429);
    expect(s.stats()).toEqual({ running: 1, waiting: 0 });
    first.open();
    await running;
    expect(s.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a read that fails', async () => {
    const s = new ReadScheduler({ slots: 1, perTenant: 1, maxQueued: 5, maxWaitMs: 1000 }, manualTimers());
    await expect(s.run('A', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await s.run('A', async (slot) => slot)).toBe(0);
  });
});
