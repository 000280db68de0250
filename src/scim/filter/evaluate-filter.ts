import { type ResolvedAttr, resolveAttrPath, resolveSubAttr } from '../schema/registry.js';
import type { AttributeDef, ResourceKind, ScimResource } from '../schema/types.js';
import type { AttrPath, CompareOp, CompValue, Filter } from './ast.js';
import { compareValue, isPresent } from './compare-values.js';
import { comparedDef, normalizeCompValue, validateFilter, validateValueFilter } from './validate-filter.js';

/** Re-exported so the SQL compiler and the evaluator import the one validation from the same place. */
export { validateFilter, validateSortBy, validateValueFilter } from './validate-filter.js';

/** A filter compiled against the schema: paths resolved once, then run on many resources. */
export type FilterPredicate = (resource: ScimResource) => boolean;

/** Internal test over any JSON value (a resource, or one element of a multi-valued attribute). */
type Test = (x: unknown) => boolean;

const NEVER: Test = () => false;

/** Reads a key, exactly first, then case-insensitively (attribute names are case-insensitive, RFC 7643 §2.1). */
function getKey(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  if (Object.hasOwn(rec, key)) return rec[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

/** A value as a list: arrays as they are, null/absent as none, anything else as one. */
function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The attribute's own JSON value (the whole array for multi-valued attributes). */
function topValue(resource: unknown, r: ResolvedAttr): unknown {
  const root = r.extension ? getKey(resource, r.schema) : resource;
  return getKey(root, r.def.name);
}

/** Builds the test `op value` against a list of candidate values; `ne` means "no value is equal", so it matches absence. */
function valueTest(def: AttributeDef, op: CompareOp, value: CompValue, present: Test, values: (x: unknown) => unknown[]): Test {
  if (value === null) return op === 'eq' ? (x) => !present(x) : present;
  const expected = normalizeCompValue(def, value);
  if (op === 'ne') return (x) => !values(x).some((v) => compareValue(def, 'eq', v, expected));
  return (x) => values(x).some((v) => compareValue(def, op, v, expected));
}

function compileCompare(kind: ResourceKind, path: AttrPath, op: CompareOp | 'pr', value: CompValue): Test {
  const r = resolveAttrPath(kind, path);
  if (!r) return NEVER;
  const sub = r.sub;
  const present: Test = sub
    ? (x) => list(topValue(x, r)).some((e) => list(getKey(e, sub.name)).some(isPresent))
    : (x) => isPresent(topValue(x, r));
  if (op === 'pr') return present;
  const def = comparedDef(r.def, sub)!;
  const values = (x: unknown): unknown[] => {
    const items = list(topValue(x, r));
    if (sub) return items.flatMap((e) => list(getKey(e, sub.name)));
    // A complex attribute compared without a sub-attribute compares `value`; a bare string stands for it (`"manager": "id"`).
    if (r.def.type === 'complex') return items.flatMap((e) => (isObject(e) ? list(getKey(e, 'value')) : [e]));
    return items.flatMap(list);
  };
  return valueTest(def, op, value, present, values);
}

function compileElement(parent: AttributeDef, filter: Filter): Test {
  switch (filter.kind) {
    case 'and': {
      const [a, b] = [compileElement(parent, filter.left), compileElement(parent, filter.right)];
      return (e) => a(e) && b(e);
    }
    case 'or': {
      const [a, b] = [compileElement(parent, filter.left), compileElement(parent, filter.right)];
      return (e) => a(e) || b(e);
    }
    case 'not': {
      const inner = compileElement(parent, filter.filter);
      return (e) => !inner(e);
    }
    case 'valuePath':
      return NEVER;
    case 'present':
    case 'compare': {
      const p = filter.path;
      const def = p.uri === undefined && p.sub === undefined ? resolveSubAttr(parent, p.attr) : undefined;
      if (!def) return NEVER;
      const present = (e: unknown) => list(getKey(e, def.name)).some(isPresent);
      if (filter.kind === 'present') return present;
      return valueTest(def, filter.op, filter.value, present, (e) => list(getKey(e, def.name)));
    }
  }
}

function compile(kind: ResourceKind, filter: Filter): Test {
  switch (filter.kind) {
    case 'and': {
      const [a, b] = [compile(kind, filter.left), compile(kind, filter.right)];
      return (x) => a(x) && b(x);
    }
    case 'or': {
      const [a, b] = [compile(kind, filter.left), compile(kind, filter.right)];
      return (x) => a(x) || b(x);
    }
    case 'not': {
      const inner = compile(kind, filter.filter);
      return (x) => !inner(x);
    }
    case 'present':
      return compileCompare(kind, filter.path, 'pr', null);
    case 'compare':
      return compileCompare(kind, filter.path, filter.op, filter.value);
    case 'valuePath': {
      const r = resolveAttrPath(kind, filter.path);
      if (!r || r.sub || r.def.type !== 'complex') return NEVER;
      const test = compileElement(r.def, filter.filter);
      return (x) => list(topValue(x, r)).some((e) => isObject(e) && test(e));
    }
  }
}

/**
 * Validates a filter once and turns it into a predicate with every path resolved, for filtering many resources
 * in memory (the in-memory store, tests); throws invalidFilter like validateFilter.
 */
export function compileFilter(kind: ResourceKind, filter: Filter): FilterPredicate {
  validateFilter(kind, filter);
  return compile(kind, filter);
}

/**
 * True when a resource (canonical keys, extension attributes under their URN key) matches the filter.
 * Unknown attributes match nothing; multi-valued attributes match when any value does. Throws invalidFilter
 * for impossible comparisons (gt on a boolean, …).
 */
export function matchesFilter(kind: ResourceKind, resource: ScimResource, filter: Filter): boolean {
  return compileFilter(kind, filter)(resource);
}

/**
 * True when one element of a multi-valued complex attribute matches a value filter whose names are sub-attributes
 * of `parent`; the PATCH engine uses it to pick targets of `emails[type eq "work"].value` or `members[value eq "x"]`.
 */
export function matchesValueFilter(kind: ResourceKind, parent: AttributeDef, element: Record<string, unknown>, filter: Filter): boolean {
  validateValueFilter(parent, filter);
  return compileElement(parent, filter)(element);
}
