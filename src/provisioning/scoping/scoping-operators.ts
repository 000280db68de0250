import type { ExprValue } from '../mapping/expr-value.js';
import { dotNetRegex } from '../mapping/expressions/dotnet-regex.js';

/** Whether an operator takes a value. */
export type OperatorArity = 'unary' | 'binary';

/** One scoping operator as the console lists it. */
export interface ScopingOperatorInfo {
  /** The name as Entra ID writes it. */
  name: string;
  arity: OperatorArity;
  /** The value it needs: any text, an integer, a regular expression, or none. */
  valueKind: 'none' | 'text' | 'integer' | 'regex';
  description: string;
}

interface OperatorDef extends ScopingOperatorInfo {
  /** The clause's truth for a present (not null, not empty) single value; negated operators are built from it. */
  test: (actual: string, value: string) => boolean;
  negated?: boolean;
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

function integerCompare(test: (a: number, b: number) => boolean) {
  return (actual: string, value: string) => INTEGER.test(actual) && test(Number(actual), Number(value));
}

const isTrue = (a: string) => a.toLowerCase() === 'true';
const isFalse = (a: string) => a.toLowerCase() === 'false';

function op(name: string, valueKind: OperatorDef['valueKind'], description: string, test: OperatorDef['test'], negated = false): OperatorDef {
  return { name, arity: valueKind === 'none' ? 'unary' : 'binary', valueKind, description, test, ...(negated ? { negated } : {}) };
}

const OPERATORS: OperatorDef[] = [
  op('EQUALS', 'text', 'The attribute equals the value exactly (case-sensitive).', (a, v) => a === v),
  op('NOT EQUALS', 'text', 'The attribute has a value that differs from the value (case-sensitive).', (a, v) => a === v, true),
  op('IS TRUE', 'none', 'The attribute is the Boolean true.', isTrue),
  op('IS FALSE', 'none', 'The attribute is the Boolean false.', isFalse),
  op('IS NULL', 'none', 'The attribute is absent or empty.', () => false),
  op('IS NOT NULL', 'none', 'The attribute has a value.', () => true),
  op('REGEX MATCH', 'regex', 'The attribute matches the .NET regular expression (case-sensitive).', (a, v) => dotNetRegex(v).test(a)),
  op('NOT REGEX MATCH', 'regex', 'The attribute has a value that does not match the regular expression.', (a, v) => dotNetRegex(v).test(a), true),
  op('Greater_Than', 'integer', 'The attribute is an integer greater than the value.', integerCompare((a, b) => a > b)),
  op('Greater_Than_OR_EQUALS', 'integer', 'The attribute is an integer greater than or equal to the value.', integerCompare((a, b) => a >= b)),
  op('Less_Than', 'integer', 'The attribute is an integer less than the value.', integerCompare((a, b) => a < b)),
  op('Less_Than_OR_EQUALS', 'integer', 'The attribute is an integer less than or equal to the value.', integerCompare((a, b) => a <= b)),
  op('Includes', 'text', 'The attribute contains the value (case-sensitive).', (a, v) => a.includes(v)),
  op('Not Includes', 'text', 'The attribute has a value that does not contain the value (case-sensitive).', (a, v) => a.includes(v), true),
  op('STARTS_WITH', 'text', 'The attribute starts with the value (case-sensitive).', (a, v) => a.startsWith(v)),
  op('ENDS_WITH', 'text', 'The attribute ends with the value (case-sensitive).', (a, v) => a.endsWith(v)),
];

/** Operator names compare in any case, with spaces and underscores alike: `not equals` = `NOT_EQUALS`. */
function key(name: string): string {
  return name.trim().toUpperCase().replace(/[\s_]+/g, '_');
}

const BY_KEY = new Map(OPERATORS.map((o) => [key(o.name), o]));

/** The scoping operators with their arity and value kind, for the console and the admin API. */
export const scopingOperators: readonly ScopingOperatorInfo[] = OPERATORS.map(({ name, arity, valueKind, description }) => ({ name, arity, valueKind, description }));

/** The operator an admin wrote, or undefined when there is none by that name. */
export function findScopingOperator(name: string): ScopingOperatorInfo | undefined {
  return BY_KEY.get(key(name));
}

/** Text of a single value as a clause compares it; complex values are not comparable. */
function clauseText(v: ExprValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return undefined;
}

/** Entra's null or empty: absent, null, "", or a multi-valued attribute without values. */
export function isNullOrEmptyValue(v: ExprValue | undefined): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.every((e) => isNullOrEmptyValue(e)));
}

/**
 * A clause's truth. Null or empty makes every clause false but IS NULL (and so NOT EQUALS and NOT REGEX MATCH too,
 * as Entra documents). A multi-valued attribute (which Entra cannot filter) holds when any value does, and a
 * negated operator when no value does.
 */
export function evaluateOperator(name: string, actual: ExprValue | undefined, value: string | undefined): boolean {
  const def = BY_KEY.get(key(name));
  if (!def) throw new Error(`unknown scoping operator "${name}"`);
  const empty = isNullOrEmptyValue(actual);
  if (def.name === 'IS NULL') return empty;
  if (empty) return false;
  if (def.name === 'IS NOT NULL') return true;
  const values = (Array.isArray(actual) ? actual : [actual!]).filter((e) => !isNullOrEmptyValue(e));
  const any = values.some((v) => {
    const text = clauseText(v);
    return text !== undefined && def.test(text, value ?? '');
  });
  return def.negated ? !any : any;
}
