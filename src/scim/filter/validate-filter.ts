import { scimError } from '../errors.js';
import { resolveAttrPath, resolveSubAttr } from '../schema/registry.js';
import type { AttributeDef, ResourceKind } from '../schema/types.js';
import type { AttrPath, CompareOp, CompValue, Filter } from './ast.js';
import { formatAttrPath, formatCompValue } from './format-filter.js';

const ORDERING = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING = new Set<CompareOp>(['co', 'sw', 'ew']);
const BOOLEAN_TEXT = /^(?:true|false)$/i;
const NUMERIC_TEXT = /^\s*-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/;
/** xsd:dateTime (RFC 7643 §2.3.5) and the date-only form some clients send. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** True for substring operators (co, sw, ew), which compare text even on dateTime attributes. */
export function isSubstringOp(op: CompareOp): boolean {
  return SUBSTRING.has(op);
}

/**
 * Parses an RFC 7643 dateTime to epoch milliseconds so comparisons are between instants, not strings
 * (`…T04:42:34Z` equals `…T06:42:34+02:00`). A missing offset means UTC. Returns undefined for anything else.
 */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, date, time, fraction, zone] = m;
  if (time === undefined) return toMs(`${date}T00:00:00Z`);
  const ms = fraction ? fraction.slice(0, 4).padEnd(4, '0') : '';
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return toMs(`${date}T${time.length === 5 ? `${time}:00` : time}${ms}${offset}`);
}

function toMs(iso: string): number | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The definition whose values a comparison looks at: the sub-attribute when there is one, else the `value`
 * sub-attribute of a complex attribute (`emails co "x"`, `manager eq "id"`); undefined for a complex attribute without `value`.
 */
export function comparedDef(attr: AttributeDef, sub?: AttributeDef): AttributeDef | undefined {
  if (sub) return sub;
  return attr.type === 'complex' ? resolveSubAttr(attr, 'value') : attr;
}

/**
 * Coerces a validated filter literal to the attribute's type, so the evaluator and the SQL compiler agree:
 * `"True"` → true for booleans, `"42"` → 42 for numbers, and numbers or booleans → their text for string attributes.
 */
export function normalizeCompValue(def: AttributeDef, value: CompValue): CompValue {
  if (value === null) return null;
  switch (def.type) {
    case 'boolean':
      return typeof value === 'string' ? value.toLowerCase() === 'true' : value;
    case 'integer':
    case 'decimal':
      return typeof value === 'string' ? Number(value) : value;
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** Throws invalidFilter when `name op value` cannot mean anything for an attribute of this definition. */
function checkComparison(def: AttributeDef | undefined, name: string, op: CompareOp, value: CompValue): void {
  const bad = (why: string) => scimError.invalidFilter(`Invalid filter: ${name} ${op} ${formatCompValue(value)}: ${why}.`);
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') throw bad('null can only be compared with eq or ne');
    return;
  }
  if (!def) throw bad(`${name} is a complex attribute; compare one of its sub-attributes instead`);
  switch (def.type) {
    case 'boolean':
      if (op !== 'eq' && op !== 'ne') throw bad(`${name} is boolean; only eq, ne and pr apply`);
      if (typeof value !== 'boolean' && !(typeof value === 'string' && BOOLEAN_TEXT.test(value))) {
        throw bad(`${name} is boolean; compare it with true or false`);
      }
      return;
    case 'binary':
      if (ORDERING.has(op)) throw bad(`${name} is binary; gt, ge, lt and le do not apply`);
      return;
    case 'integer':
    case 'decimal':
      if (SUBSTRING.has(op)) throw bad(`${name} is a number; co, sw and ew do not apply`);
      if (typeof value === 'boolean' || (typeof value === 'string' && !NUMERIC_TEXT.test(value))) throw bad(`${name} is a number`);
      return;
    case 'dateTime':
      if (SUBSTRING.has(op)) return;
      if (typeof value !== 'string' || parseDateTime(value) === undefined) {
        throw bad(`${name} is a dateTime; compare it with an ISO 8601 string such as "2011-05-13T04:42:34Z"`);
      }
      return;
    default:
      return;
  }
}

/**
 * True for an attribute a client may write but never read back (RFC 7643 §7: `returned: never` or
 * `mutability: writeOnly`, e.g. `password`). Filtering or sorting on one would let a client learn its
 * stored value (a password hash) one character at a time, so neither is allowed.
 */
export function isUnreadable(def: AttributeDef | undefined): boolean {
  return !!def && (def.returned === 'never' || def.mutability === 'writeOnly');
}

function refuseUnreadable(kind: ResourceKind, path: AttrPath, what: string): void {
  const r = resolveAttrPath(kind, path);
  if (r && (isUnreadable(r.def) || isUnreadable(r.sub))) {
    const name = r.sub ? `${r.def.name}.${r.sub.name}` : r.def.name;
    throw scimError.invalidFilter(`Invalid ${what}: ${name} is never returned, so it cannot be ${what === 'sortBy' ? 'sorted' : 'filtered'} on.`);
  }
}

/** Throws invalidFilter when `sortBy` names an attribute that is never returned (see isUnreadable). */
export function validateSortBy(kind: ResourceKind, path: AttrPath): void {
  refuseUnreadable(kind, path, 'sortBy');
}

/**
 * Throws invalidFilter for filters that parse but cannot mean anything: ordering on booleans, binaries or
 * complex attributes, a non-boolean compared with a boolean, a value filter on a simple attribute, and similar.
 * Attributes no schema defines are not errors (they match nothing). The SQL compiler calls this before compiling.
 */
export function validateFilter(kind: ResourceKind, filter: Filter): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      validateFilter(kind, filter.left);
      validateFilter(kind, filter.right);
      return;
    case 'not':
      validateFilter(kind, filter.filter);
      return;
    case 'present':
      refuseUnreadable(kind, filter.path, 'filter');
      return;
    case 'compare': {
      refuseUnreadable(kind, filter.path, 'filter');
      const r = resolveAttrPath(kind, filter.path);
      if (r) checkComparison(comparedDef(r.def, r.sub), formatAttrPath(filter.path), filter.op, filter.value);
      return;
    }
    case 'valuePath': {
      refuseUnreadable(kind, filter.path, 'filter');
      const r = resolveAttrPath(kind, filter.path);
      if (!r) return;
      if (r.sub || r.def.type !== 'complex') {
        throw scimError.invalidFilter(`Invalid filter: ${formatAttrPath(filter.path)} is not a complex attribute, so it cannot take a [value filter].`);
      }
      validateValueFilter(r.def, filter.filter);
    }
  }
}

/** Validates the filter inside `attr[…]`, whose names are sub-attributes of `parent`; used by PATCH paths too. */
export function validateValueFilter(parent: AttributeDef, filter: Filter): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      validateValueFilter(parent, filter.left);
      validateValueFilter(parent, filter.right);
      return;
    case 'not':
      validateValueFilter(parent, filter.filter);
      return;
    case 'present':
    case 'compare': {
      const sub = filter.path.uri === undefined && filter.path.sub === undefined ? resolveSubAttr(parent, filter.path.attr) : undefined;
      if (isUnreadable(sub)) throw scimError.invalidFilter(`Invalid filter: ${parent.name}.${sub!.name} is never returned, so it cannot be filtered on.`);
      if (sub && filter.kind === 'compare') checkComparison(comparedDef(sub), `${parent.name}.${sub.name}`, filter.op, filter.value);
      return;
    }
    case 'valuePath':
      throw scimError.invalidFilter('Invalid filter: value filters cannot be nested (RFC 7644 errata 4690).');
  }
}
