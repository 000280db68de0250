import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateToken, hashSecret, parseToken, secretMatches } from './token-secret.js';

describe('token secrets', () => {
  it('hashes a secret to the SHA-256 hex digest that stored tokens hold', () => {
    // RFC 6234's test vector, so the hash of tokens created before any change still matches.
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const { token, secretHash } = generateToken();
    const secret = parseToken(token)!.secret;
    expect(secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(secretMatches(secret, secretHash)).toBe(true);
    const other = (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);
    expect(secretMatches(other, secretHash)).toBe(false);
  });
});
