import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_POLICY as P, waitAfterFailure } from './sign-in-policy.js';

describe('sign-in back-off', () => {
  it('lets the first failures through, then doubles the wait, then locks', () => {
    expect([1, 2].map((f) => waitAfterFailure(P, f))).toEqual([0, 0]);
    expect([3, 4, 5, 6].map((f) => waitAfterFailure(P, f))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(waitAfterFailure(P, 9)).toBe(60_000);
    expect(waitAfterFailure(P, 10)).toBe(15 * 60_000);
    expect(waitAfterFailure(P, 50)).toBe(15 * 60_000);
  });
});
