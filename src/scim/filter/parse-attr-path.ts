import { scimError } from '../errors.js';
import { isStorableText } from '../input-rules.js';
import type { AttrPath } from './ast.js';
import { type Fail, quote } from './filter-tokens.js';

/** Longest filter, PATCH path or attribute path accepted; longer input is refused before any parsing work. */
export const MAX_FILTER_LENGTH = 10_000;

/** RFC 7644 ATTRNAME (ALPHA *(nameChar)), plus the `$ref` sub-attribute RFC 7643 defines. */
const ATTRNAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
/** A URI prefix must look like a scheme followed by more text: `urn:ietf:…:2.0:User`. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** True when a word is a valid RFC 7644 ATTRNAME (used for the `.sub` after a value path too). */
export function isAttrName(word: string): boolean {
  return ATTRNAME.test(word);
}

/**
 * Parses one attrPath word: `[URI ":"] ATTRNAME ["." subAttr]`. The URI is everything up to the last colon,
 * so the dots of `…:2.0:User:name.givenName` stay in the URI and only the tail is split on the dot.
 */
export function parseAttrWord(word: string, pos: number, fail: Fail): AttrPath {
  const colon = word.lastIndexOf(':');
  const uri = colon >= 0 ? word.slice(0, colon) : undefined;
  const rest = colon >= 0 ? word.slice(colon + 1) : word;
  if (uri !== undefined && !URI.test(uri)) throw fail(`invalid schema URI ${quote(uri)} at position ${pos}`);
  if (rest === '') throw fail(`missing attribute name after schema URI at position ${pos + word.length}`);
  const parts = rest.split('.');
  if (parts.length > 2) throw fail(`attribute path ${quote(word)} at position ${pos} has more than one sub-attribute`);
  const [attr, sub] = parts;
  if (!isAttrName(attr)) throw fail(`invalid attribute name ${quote(attr)} at position ${pos}`);
  if (sub !== undefined && !isAttrName(sub)) throw fail(`invalid sub-attribute name ${quote(sub)} at position ${pos}`);
  return { ...(uri !== undefined ? { uri } : {}), attr, ...(sub !== undefined ? { sub } : {}) };
}

/** Common length and emptiness checks for every entry point; returns the trimmed text. */
export function checkInput(text: string, what: string, fail: Fail): string {
  if (typeof text !== 'string') throw fail(`${what} must be a string`);
  if (text.length > MAX_FILTER_LENGTH) throw fail(`${what} is ${text.length} characters long; the limit is ${MAX_FILTER_LENGTH}`);
  if (!isStorableText(text)) throw fail(`${what} contains a NUL character or an unpaired UTF-16 surrogate`);
  const trimmed = text.trim();
  if (trimmed === '') throw fail(`${what} is empty`);
  return trimmed;
}

/** Parses one name of the `attributes`, `excludedAttributes` or `sortBy` parameters (callers split on commas first). */
export function parseAttrPath(text: string): AttrPath {
  const fail: Fail = (detail) => scimError.invalidPath(`Invalid attribute path: ${detail}.`);
  const trimmed = checkInput(text, 'the attribute path', fail);
  const offset = text.length - text.trimStart().length;
  const bad = /[\s()[\]"]/.exec(trimmed);
  if (bad) throw fail(`unexpected ${quote(bad[0])} at position ${offset + bad.index + 1}`);
  return parseAttrWord(trimmed, offset + 1, fail);
}
