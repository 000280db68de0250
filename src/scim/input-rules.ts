import { scimError } from './errors.js';

/** Deepest nesting of arrays and objects a request body may have (a SCIM body needs about ten levels). */
export const MAX_JSON_DEPTH = 32;
/** Longest string value accepted anywhere in a request, in characters. */
export const MAX_STRING_LENGTH = 16_384;
/** Longest userName, externalId, displayName or e-mail value, in characters: they are indexed, and PostgreSQL's index rows are limited. */
export const MAX_INDEXED_LENGTH = 512;
/** Largest stored resource document (group members excluded), in bytes of JSON. */
export const MAX_RESOURCE_BYTES = 131_072;

// A NUL, or a UTF-16 surrogate without its pair: no database stores them faithfully (PostgreSQL refuses NUL,
// SQLite cuts LIKE patterns at it; a lone surrogate has no UTF-8 form at all).
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string can be stored and compared the same way on every database. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/**
 * Throws 400 invalidValue for a string no database can hold or one over the length limit; `where` names it in
 * the message (a function is asked only when there is a message to write, so good input builds no text).
 */
export function checkText(s: string, where: string | (() => string)): void {
  const name = () => (typeof where === 'string' ? where : where());
  if (!isStorableText(s)) throw scimError.invalidValue(`${name()} contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored.`);
  if (s.length > MAX_STRING_LENGTH) throw scimError.invalidValue(`${name()} is ${s.length} characters long; the limit is ${MAX_STRING_LENGTH}.`);
}

// A place in a body being checked; its path is spelled out only for an error message.
type Place = { parent: Place | undefined; key: string | number };

function pathOf(p: Place | undefined): string {
  if (!p) return '';
  const up = pathOf(p.parent);
  return typeof p.key === 'number' ? `${up}[${p.key}]` : up ? `${up}.${p.key}` : p.key;
}

/**
 * Checks a parsed request body before any work: nesting at most MAX_JSON_DEPTH levels (deeper bodies would
 * overflow the stack of the code that walks them), every key and string storable and within MAX_STRING_LENGTH.
 * Iterative, so a hostile body cannot overflow this check either.
 */
export function checkJsonInput(body: unknown): void {
  const stack: [unknown, Place | undefined, number][] = [[body, undefined, 0]];
  while (stack.length) {
    const [v, place, depth] = stack.pop()!;
    if (typeof v === 'string') checkText(v, () => `The value at ${pathOf(place) || 'the top'}`);
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw scimError.invalidValue(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], { parent: place, key: i }, depth + 1]);
    } else {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        checkText(k, () => `A key in ${pathOf(place) || 'the body'}`);
        stack.push([(v as Record<string, unknown>)[k], { parent: place, key: k }, depth + 1]);
      }
    }
  }
}

/** The form in which userNames and group names are compared for uniqueness and lookups: NFC, lower case. */
export function comparisonKey(s: string): string {
  return s.normalize('NFC').toLowerCase();
}
