/**
 * At most `max` requests of one client in flight, the rest wait in arrival order: the bound the target sees,
 * whatever the engine asks for at once. (Waiting here is not counted against a request's timeout.)
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
  }

  /** Resolves when a slot is free; the caller must `release()` it exactly once. */
  async acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Frees a slot, handing it straight to the longest waiter if there is one. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  /** Requests in flight now, for stats and tests. */
  get inFlight(): number {
    return this.active;
  }
}
