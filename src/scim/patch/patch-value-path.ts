import { scimError } from '../errors.js';
import type { Filter } from '../filter/ast.js';
import { matchesValueFilter } from '../filter/evaluate-filter.js';
import { normalizeCompValue } from '../filter/validate-filter.js';
import { resolveSubAttr } from '../schema/registry.js';
import type { AttributeDef, ResourceKind } from '../schema/types.js';
import { enforceSinglePrimary, isPlainObject, toComplexValue, type JsonObject } from './patch-json.js';
import type { PatchOpName } from './patch-request.js';
import { containerOf, pruneContainer, type PatchTarget } from './patch-target.js';

/**
 * The sub-attribute values a filter pins down when it is only `eq` clauses joined by `and`
 * (`type eq "work"`, `type eq "work" and primary eq true`); undefined for any other filter.
 * Such a filter describes exactly one element, so a replace that matches nothing can create it (Entra relies on this).
 */
export function eqClauseValues(parent: AttributeDef, filter: Filter): JsonObject | undefined {
  const out: JsonObject = {};
  const walk = (f: Filter): boolean => {
    if (f.kind === 'and') return walk(f.left) && walk(f.right);
    if (f.kind !== 'compare' || f.op !== 'eq' || f.path.uri !== undefined || f.path.sub !== undefined) return false;
    const sub = resolveSubAttr(parent, f.path.attr);
    if (!sub || f.value === null) return false;
    const v = normalizeCompValue(sub, f.value); // `primary eq "True"` pins primary: true
    if (sub.name in out && out[sub.name] !== v) return false;
    out[sub.name] = v;
    return true;
  };
  return walk(filter) ? out : undefined;
}

function describe(t: PatchTarget): string {
  return `${t.def.name}${t.filter ? '[…]' : ''}${t.sub ? `.${t.sub.name}` : ''}`;
}

/** A new element for an add/replace that matched nothing: the filter's `eq` values plus what the client sent. */
function createElement(t: PatchTarget, value: unknown): JsonObject {
  const seed = t.filter ? eqClauseValues(t.def, t.filter) : {};
  if (!seed) throw scimError.noTarget(`No value of ${t.def.name} matches the filter in ${describe(t)}.`);
  if (t.sub) return { ...seed, [t.sub.name]: value };
  return { ...seed, ...toComplexValue(t.def, value, `The value for ${describe(t)} must be an object.`) };
}

function updateElement(t: PatchTarget, op: 'add' | 'replace', el: JsonObject, value: unknown): JsonObject | undefined {
  if (t.sub) {
    if (value === null) delete el[t.sub.name];
    else el[t.sub.name] = value;
    return el;
  }
  if (value === null) return undefined; // replace with null: the value becomes unassigned
  const incoming = toComplexValue(t.def, value, `The value for ${describe(t)} must be an object.`);
  if (op === 'add') return Object.assign(el, incoming);
  // replace swaps the element, keeping what the filter pinned (type) unless the client sent it anew.
  const pinned = t.filter ? (eqClauseValues(t.def, t.filter) ?? {}) : {};
  const kept = Object.fromEntries(Object.keys(pinned).filter((k) => k in el).map((k) => [k, el[k]]));
  return { ...kept, ...incoming };
}

/**
 * Add, replace or remove on a multi-valued attribute through a value filter (`emails[type eq "work"].value`)
 * or a sub-attribute of all its values (`emails.value`), RFC 7644 §3.5.2.
 * - add/replace: updates every matching value; when none match, creates the one an `eq`-only filter
 *   describes, else 400 noTarget.
 * - remove: drops matching values (or just their sub-attribute); matching nothing is a successful no-op.
 */
export function applyValuePath(kind: ResourceKind, doc: JsonObject, op: PatchOpName, t: PatchTarget, raw: unknown): void {
  // One element given as an array of one (as some clients do for every value) is that element.
  const value = !t.sub && Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (op === 'add' && value === null) return;
  const box = containerOf(doc, t.urn, op !== 'remove');
  if (!box) return;
  const name = t.def.name;
  const current = Array.isArray(box[name]) ? (box[name] as unknown[]) : [];
  const matches = (el: unknown): el is JsonObject =>
    isPlainObject(el) && (!t.filter || matchesValueFilter(kind, t.def, el, t.filter));
  let next: unknown[];
  const touched = new Set<unknown>();
  if (op === 'remove') {
    next = current.flatMap((el) => {
      if (!matches(el)) return [el];
      if (!t.sub) return [];
      delete el[t.sub.name];
      return Object.keys(el).length ? [el] : [];
    });
  } else if (!current.some(matches)) {
    if (value === null) return;
    const created = createElement(t, value);
    next = [...current, created];
    touched.add(created);
  } else {
    next = current.flatMap((el) => {
      if (!matches(el)) return [el];
      const updated = updateElement(t, op, el, value);
      if (!updated || Object.keys(updated).length === 0) return [];
      touched.add(updated);
      return [updated];
    });
  }
  enforceSinglePrimary(next, touched);
  if (next.length === 0) delete box[name];
  else box[name] = next;
  pruneContainer(doc, t.urn);
}
