import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { newKeyId } from '../store/key-id.js';

const PREFIX = 'scimkit';

/** A new token: its public id (stored) and the secret string shown to the admin once. */
export function generateToken(): { id: string; token: string; secretHash: string } {
  const id = newKeyId();
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${PREFIX}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token into its id and secret; undefined when it is not of scimkit's shape. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  const m = /^scimkit_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/**
 * SHA-256 of a 256-bit random secret: brute force is hopeless, so a slow password hash would only cost latency.
 * Node's one-shot `hash` runs on every request (the token cache's key) and costs a quarter of `createHash`'s time.
 */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
