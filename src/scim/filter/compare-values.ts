import type { AttributeDef } from '../schema/types.js';
import type { CompareOp, CompValue } from './ast.js';
import { isSubstringOp, parseDateTime } from './validate-filter.js';

/** RFC 7644 `pr`: has a value that is not null, not "", not an empty array or object (recursively). */
export function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(isPresent);
  if (typeof v === 'object') return Object.values(v).some(isPresent);
  return true;
}

function order(op: CompareOp, cmp: number): boolean {
  switch (op) {
    case 'eq':
      return cmp === 0;
    case 'ne':
      return cmp !== 0;
    case 'gt':
      return cmp > 0;
    case 'ge':
      return cmp >= 0;
    case 'lt':
      return cmp < 0;
    case 'le':
      return cmp <= 0;
    default:
      return false;
  }
}

/** String operators; case-folded unless the attribute is caseExact (RFC 7643 §2.2). Ordering is by UTF-16 code unit. */
function compareText(op: CompareOp, actual: string, expected: string, caseExact: boolean): boolean {
  const a = caseExact ? actual : actual.toLowerCase();
  const e = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    default:
      return order(op, a < e ? -1 : a > e ? 1 : 0);
  }
}

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(?:true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/**
 * Compares one stored value with a normalized filter literal (see normalizeCompValue) by the attribute's type:
 * text honours caseExact, dateTimes compare as instants, numbers numerically, booleans by equality.
 * A stored value of the wrong type never matches.
 */
export function compareValue(def: AttributeDef, op: CompareOp, actual: unknown, expected: CompValue): boolean {
  if (actual === undefined || actual === null || expected === null) return false;
  switch (def.type) {
    case 'boolean': {
      const a = asBoolean(actual);
      return a !== undefined && order(op, a === expected ? 0 : 1);
    }
    case 'integer':
    case 'decimal': {
      const a = asNumber(actual);
      const e = expected as number;
      return !Number.isNaN(a) && order(op, a - e);
    }
    case 'dateTime': {
      if (typeof actual !== 'string') return false;
      if (isSubstringOp(op)) return compareText(op, actual, String(expected), def.caseExact);
      const a = parseDateTime(actual);
      const e = parseDateTime(String(expected));
      return a !== undefined && e !== undefined && order(op, a - e);
    }
    default:
      if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') return false;
      return compareText(op, String(actual), String(expected), def.caseExact);
  }
}
