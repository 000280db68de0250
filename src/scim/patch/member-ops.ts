import { scimError } from '../errors.js';
import type { Filter } from '../filter/ast.js';
import { isPlainObject } from './patch-json.js';
import type { PatchOpName } from './patch-request.js';

/** One member to add: its id and, when the client said so, `User` or `Group`; `$ref` and `display` are derived, never stored. */
export interface MemberRef {
  value: string;
  type?: string;
}

/**
 * A change to a group's membership. Members live in their own table, not in the group document, so a
 * PATCH on `members` yields these for the store to apply in order (a 100,000-member group gains or
 * loses one member without loading the others).
 * - `add`: add these members (already present ones are no-ops).
 * - `remove`: remove exactly these member ids (absent ones are no-ops); never wipes the group.
 * - `removeWhere`: remove the members matching a filter over member values (`value`, `type`, `display`).
 * - `replace`: the group's members become exactly this list (Okta sends the full list).
 * - `removeAll`: RFC 7644 §3.5.2.2 remove of `members` with no filter and no value.
 */
export type MemberOp =
  | { op: 'add'; members: MemberRef[] }
  | { op: 'remove'; values: string[] }
  | { op: 'removeWhere'; filter: Filter }
  | { op: 'replace'; members: MemberRef[] }
  | { op: 'removeAll' };

function memberRef(item: unknown): MemberRef {
  if (typeof item === 'string' && item !== '') return { value: item };
  if (isPlainObject(item)) {
    const key = (n: string) => Object.keys(item).find((k) => k.toLowerCase() === n);
    const valueKey = key('value');
    const value = valueKey === undefined ? undefined : item[valueKey];
    if (typeof value === 'string' && value !== '') {
      const typeKey = key('type');
      const type = typeKey === undefined ? undefined : item[typeKey];
      return typeof type === 'string' && type !== '' ? { value, type } : { value };
    }
  }
  throw scimError.invalidValue('Each member must be an object whose "value" is a non-empty string (the member id).');
}

/** Reads the member list of an add, replace or remove value (an array, or one object), collapsing repeated ids. */
export function parseMemberRefs(value: unknown): MemberRef[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  const seen = new Map<string, MemberRef>();
  for (const item of items) {
    const ref = memberRef(item);
    if (!seen.has(ref.value)) seen.set(ref.value, ref);
  }
  return [...seen.values()];
}

/** The ids of a filter that is just `value eq "a"` or `value eq "a" or value eq "b" …`, so removal needs no scan; else undefined. */
export function memberIdsOfFilter(filter: Filter): string[] | undefined {
  const out: string[] = [];
  const walk = (f: Filter): boolean => {
    if (f.kind === 'or') return walk(f.left) && walk(f.right);
    if (f.kind !== 'compare' || f.op !== 'eq' || f.path.uri !== undefined || f.path.sub !== undefined) return false;
    if (f.path.attr.toLowerCase() !== 'value' || typeof f.value !== 'string' || f.value === '') return false;
    out.push(f.value);
    return true;
  };
  return walk(filter) ? [...new Set(out)] : undefined;
}

/** Where on `members` an operation points: the filter in brackets and the sub-attribute after it, if any. */
export interface MemberTarget {
  filter?: Filter;
  sub?: string;
}

/**
 * Turns one PATCH operation on a group's `members` into at most one MemberOp (undefined when it changes
 * nothing, e.g. adding an empty list). Sub-attribute paths (`members.value`) are refused: value, type
 * and $ref are immutable and display is read-only.
 */
export function memberOpFor(op: PatchOpName, target: MemberTarget, value: unknown): MemberOp | undefined {
  if (target.sub !== undefined) throw scimError.mutability(`members.${target.sub} cannot be changed; add or remove the member instead.`);
  if (target.filter) {
    const ids = memberIdsOfFilter(target.filter);
    if (op === 'remove') return ids ? { op: 'remove', values: ids } : { op: 'removeWhere', filter: target.filter };
    if (op === 'replace') throw scimError.mutability('Members cannot be replaced through a filter; remove and add them instead.');
    // add `members[value eq "x"]`: take the members from the value, or from the filter when there is none.
    const members = value === null || value === undefined ? (ids ?? []).map((v) => ({ value: v })) : parseMemberRefs(value);
    if (members.length === 0 && !ids) throw scimError.invalidPath('add on a members filter needs member values.');
    return members.length ? { op: 'add', members } : undefined;
  }
  if (op === 'replace') return { op: 'replace', members: parseMemberRefs(value) };
  if (op === 'add') {
    const members = parseMemberRefs(value);
    return members.length ? { op: 'add', members } : undefined;
  }
  // remove: no value wipes the group (RFC 7644 §3.5.2.2); Entra's value array removes only those members.
  if (value === undefined || value === null) return { op: 'removeAll' };
  const values = parseMemberRefs(value).map((m) => m.value);
  return values.length ? { op: 'remove', values } : undefined;
}
