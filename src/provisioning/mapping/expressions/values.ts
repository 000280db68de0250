import type { ExprValue } from '../expr-value.js';
import { formatDotNetDate } from './dotnet-date-format.js';

/** A point in time inside an evaluation (CDate, Now, DateAdd…); it becomes Entra's `M/d/yyyy h:mm:ss tt` text on the way out. */
export class DateTimeValue {
  constructor(readonly ms: number) {}
}

/** A value during evaluation: JSON, or a DateTime kept exact between date functions. */
export type Value = ExprValue | DateTimeValue;

/** A function's complaint about a value; the evaluator turns it into an ExpressionError at the call's position. */
export class EvalFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalFailure';
  }
}

/** The format Entra gives every DateTime it returns as text (CDate, Now, DateAdd). */
export const DEFAULT_DATE_FORMAT = 'M/d/yyyy h:mm:ss tt';

/** Entra's null: absent or JSON null; an empty multi-valued attribute counts as absent too (RFC 7643 §2.5). */
export function isNull(v: Value | undefined): v is null | undefined {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

/** Entra's "null or empty". */
export function isNullOrEmpty(v: Value | undefined): boolean {
  return isNull(v) || v === '';
}

function describe(v: Value): string {
  if (Array.isArray(v)) return `a multi-valued attribute with ${v.length} values`;
  if (v instanceof DateTimeValue) return 'a DateTime';
  return typeof v === 'object' && v !== null ? 'a complex value' : JSON.stringify(v);
}

/** A number as .NET prints it for the cases that occur (integers in full, decimals without exponent noise). */
function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

/** Text of a single value: booleans as "True"/"False" (.NET), DateTimes in Entra's format; null stays null. */
export function textOf(v: Value | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof DateTimeValue) return formatDotNetDate(v.ms, DEFAULT_DATE_FORMAT);
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    if (v.length === 1) return textOf(v[0]);
  }
  throw new EvalFailure(`expects a single value, found ${describe(v)}`);
}

/** True or False as .NET's Convert.ToBoolean reads it: booleans, "True"/"False" in any case, non-zero numbers; null is False. */
export function booleanOf(v: Value | undefined): boolean {
  if (isNull(v)) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (Array.isArray(v) && v.length === 1) return booleanOf(v[0]);
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t !== '' && Number.isFinite(Number(t))) return Number(t) !== 0;
  }
  throw new EvalFailure(`cannot read ${describe(v!)} as True or False`);
}

/** A number from a number or numeric text; null stays null. */
export function numberOf(v: Value | undefined): number | null {
  if (isNull(v)) return null;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 1) return numberOf(v[0]);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new EvalFailure(`expects a number, found ${describe(v!)}`);
}

/** A whole number (1-based positions, lengths, counts); null stays null. */
export function integerOf(v: Value | undefined): number | null {
  const n = numberOf(v);
  if (n !== null && !Number.isInteger(n)) throw new EvalFailure(`expects a whole number, found ${n}`);
  return n;
}

/** Applies a text function to a value, element by element for a multi-valued attribute; nulls stay null. */
export function mapText(v: Value | undefined, fn: (text: string) => ExprValue): Value {
  if (Array.isArray(v) && v.length > 1) return v.filter((e) => !isNull(e)).map((e) => fn(textOf(e)!));
  const text = textOf(v);
  return text === null ? null : fn(text);
}

/** Turns an evaluation value into the JSON the engine sends: DateTimes become Entra's date text. */
export function toExprValue(v: Value | undefined): ExprValue {
  if (v === undefined) return null;
  if (v instanceof DateTimeValue) return textOf(v);
  if (Array.isArray(v)) return v.map(toExprValue);
  return v;
}
