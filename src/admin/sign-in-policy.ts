/** When repeated failures slow a name down, and when they lock it. */
export interface SignInPolicy {
  /** Failures allowed before each further attempt must wait. */
  freeFailures: number;
  /** The first wait, doubled after each further failure, up to `maxBackoffMs`. */
  firstBackoffMs: number;
  maxBackoffMs: number;
  /** After this many failures in a row the name is locked for `lockMs`. */
  lockAfter: number;
  lockMs: number;
  /** Failures older than this are forgotten. */
  forgetMs: number;
}

/** The defaults: three free tries, then 1 s, 2 s, 4 s … (at most a minute) between tries, and 15 minutes locked after ten. */
export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = {
  freeFailures: 3,
  firstBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  lockAfter: 10,
  lockMs: 15 * 60_000,
  forgetMs: 15 * 60_000,
};

/** How long a name must wait after its `failures`-th failure in a row (0: it may try again at once). */
export function waitAfterFailure(p: SignInPolicy, failures: number): number {
  if (failures >= p.lockAfter) return p.lockMs;
  if (failures < p.freeFailures) return 0;
  return Math.min(p.maxBackoffMs, p.firstBackoffMs * 2 ** (failures - p.freeFailures));
}
