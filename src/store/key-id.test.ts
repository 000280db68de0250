import { describe, expect, it } from 'vitest';
import { newKeyId } from './key-id.js';

describe('newKeyId', () => {
  it('makes 12 base64url characters that never begin with "-", so the CLI never reads an id as an option', () => {
    // One id in 64 would begin with "-" if nothing prevented it: 5,000 ids make that certain to show.
    const ids = Array.from({ length: 5_000 }, () => newKeyId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{11}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id.includes('-'))).toBe(true);
  });
});
