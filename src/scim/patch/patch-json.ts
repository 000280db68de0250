import { scimError } from '../errors.js';
import { resolveSubAttr } from '../schema/registry.js';
import type { AttributeDef } from '../schema/types.js';

/** A JSON object as the PATCH engine edits it: a resource, an extension object or one complex value. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array), the only thing sub-attributes can live in. */
export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values, key order ignored; decides duplicates and whether a PATCH changed anything. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Renames a complex value's keys to the schema's spelling (`Value` → `value`) so merges never leave two keys for one sub-attribute. */
export function canonicalElement(parent: AttributeDef, obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) out[resolveSubAttr(parent, k)?.name ?? k] = v;
  return out;
}

/**
 * Turns one incoming value of a complex attribute into an object: objects get canonical keys, and a bare
 * primitive becomes `{ value }` when the attribute has a `value` sub-attribute (clients send `"emails":"a@b"`).
 */
export function toComplexValue(parent: AttributeDef, v: unknown, what: string): JsonObject {
  if (isPlainObject(v)) return canonicalElement(parent, v);
  if (v !== null && !Array.isArray(v) && resolveSubAttr(parent, 'value')) return { value: v };
  throw scimError.invalidValue(what);
}

/** True for `true` and for Entra's `"True"`/`"true"` strings, which the normaliser turns into booleans later. */
export function isTrueFlag(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/**
 * RFC 7644 §3.5.2: a PATCH that makes one value primary makes every other value non-primary.
 * `touched` are the values this operation wrote; only they can claim primary.
 */
export function enforceSinglePrimary(list: unknown[], touched: ReadonlySet<unknown>): void {
  const claimant = list.find((el) => touched.has(el) && isPlainObject(el) && isTrueFlag(el.primary));
  if (!claimant) return;
  for (const el of list) if (el !== claimant && isPlainObject(el) && isTrueFlag(el.primary)) el.primary = false;
}
