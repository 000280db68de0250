import type { CompareOperator } from './expr-node.js';
import { parseDateText } from './parse-date-text.js';
import { booleanOf, DateTimeValue, isNull, textOf, type Value } from './values.js';

function order(op: CompareOperator, cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '<>':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

const NUMERIC = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function asNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && NUMERIC.test(v) ? Number(v) : undefined;
}

function asInstant(v: Value): number | undefined {
  if (v instanceof DateTimeValue) return v.ms;
  return typeof v === 'string' ? parseDateText(v) : undefined;
}

function tryBoolean(v: Value): boolean | undefined {
  try {
    return booleanOf(v);
  } catch {
    return undefined;
  }
}

/**
 * A comparison in an IIF or CBool condition, null-safe (Entra fails the whole condition on a null attribute;
 * here null equals ""). A DateTime compares as an instant, a number numerically with numbers or numeric text,
 * a boolean as a boolean; two texts compare ordinally and case-sensitively, as VB's Option Compare Binary does.
 */
export function compareOperands(op: CompareOperator, left: Value, right: Value): boolean {
  if (isNull(left) || isNull(right)) {
    if (op !== '=' && op !== '<>') return false;
    return order(op, (isNull(left) ? '' : textOf(left)) === (isNull(right) ? '' : textOf(right)) ? 0 : 1);
  }
  if (left instanceof DateTimeValue || right instanceof DateTimeValue) {
    const a = asInstant(left);
    const b = asInstant(right);
    if (a !== undefined && b !== undefined) return order(op, Math.sign(a - b));
  }
  if (typeof left === 'boolean' || typeof right === 'boolean') {
    const a = tryBoolean(left);
    const b = tryBoolean(right);
    if (a !== undefined && b !== undefined) return order(op, a === b ? 0 : a ? 1 : -1);
  }
  if (typeof left === 'number' || typeof right === 'number') {
    const a = asNumber(left);
    const b = asNumber(right);
    if (a !== undefined && b !== undefined) return order(op, Math.sign(a - b));
  }
  const a = textOf(left)!;
  const b = textOf(right)!;
  return order(op, a < b ? -1 : a > b ? 1 : 0);
}
