import { createHash } from 'node:crypto';

/**
 * A fingerprint of everything a mapped object depends on: the app's configuration version, the source
 * object's version (its seq), its roles and state. Equal to the link's hash means the object was already
 * sent in exactly this state, so a full re-evaluation skips it without evaluating a mapping.
 */
export function objectHash(parts: (string | number | boolean | null | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}
