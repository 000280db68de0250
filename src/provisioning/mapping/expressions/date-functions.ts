import { formatDotNetDate, tokenizeDateFormat } from './dotnet-date-format.js';
import { parseDateTimeStyles, parseDotNetDate, utc } from './dotnet-date-parse.js';
import { defineFunction, literalText, type ArgumentProblem, type FunctionDef } from './function-types.js';
import type { ExprNode } from './expr-node.js';
import { parseDateText } from './parse-date-text.js';
import { DateTimeValue, EvalFailure, isNull, numberOf, textOf, type Value } from './values.js';

/** The intervals DateAdd and DateDiff accept, as Entra documents them. */
export const DATE_INTERVALS = ['yyyy', 'm', 'd', 'ww', 'h', 'n', 's'] as const;
type Interval = (typeof DATE_INTERVALS)[number];

const MS = { s: 1000, n: 60_000, h: 3_600_000, d: 86_400_000, ww: 604_800_000 } as const;

/** Windows FILETIME (100 ns since 1601-01-01 UTC) offset from the Unix epoch, in ms. */
const FILETIME_EPOCH_MS = 11_644_473_600_000;
const MAX_DATE_MS = 8.64e15;

function interval(v: Value): Interval {
  const text = textOf(v);
  const found = DATE_INTERVALS.find((i) => i === text?.trim().toLowerCase());
  if (!found) throw new EvalFailure(`unknown interval ${JSON.stringify(text)}; expected one of ${DATE_INTERVALS.join(', ')}`);
  return found;
}

function checkInterval(args: (ExprNode | null)[]): ArgumentProblem | undefined {
  const text = literalText(args[0]);
  if (text === undefined || DATE_INTERVALS.some((i) => i === text.trim().toLowerCase())) return undefined;
  return { index: 0, message: `unknown interval ${JSON.stringify(text)}; expected one of ${DATE_INTERVALS.join(', ')}` };
}

/** A DateTime from a DateTime value or a date text (as CDate reads it); null stays null. */
function dateOf(v: Value): number | null {
  if (isNull(v)) return null;
  if (v instanceof DateTimeValue) return v.ms;
  const text = textOf(v)!;
  const ms = parseDateText(text);
  if (ms === undefined) throw new EvalFailure(`cannot read ${JSON.stringify(text)} as a date`);
  return ms;
}

function checked(ms: number): DateTimeValue {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) throw new EvalFailure('the date is out of range');
  return new DateTimeValue(ms);
}

/** .NET AddMonths: the day is clamped to the end of the target month (Jan 31 + 1 month = Feb 28/29). */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const lastDay = new Date(utc(year, month + 1, 1) - MS.d).getUTCDate();
  return utc(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** VB DateDiff: calendar boundaries for years, months and weeks; whole elapsed units (truncated) for days, hours, minutes, seconds. */
function dateDiff(unit: Interval, a: number, b: number): number {
  const da = new Date(a);
  const db = new Date(b);
  switch (unit) {
    case 'yyyy':
      return db.getUTCFullYear() - da.getUTCFullYear();
    case 'm':
      return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
    case 'ww': {
      const weekStart = (d: Date) => Math.floor(d.getTime() / MS.d) - d.getUTCDay();
      return Math.trunc((weekStart(db) - weekStart(da)) / 7);
    }
    default:
      return Math.trunc((b - a) / MS[unit]);
  }
}

function checkFormats(args: (ExprNode | null)[]): ArgumentProblem | undefined {
  const styles = literalText(args[1]);
  try {
    if (styles !== undefined) parseDateTimeStyles(styles);
  } catch (err) {
    return { index: 1, message: (err as Error).message };
  }
  for (const index of [2, 3]) {
    const format = literalText(args[index]);
    try {
      if (format !== undefined) tokenizeDateFormat(format);
    } catch (err) {
      return { index, message: `invalid date format ${JSON.stringify(format)}: ${(err as Error).message}` };
    }
  }
  return undefined;
}

/** Date functions: CDate, Now, DateAdd, DateDiff, DateFromNum, NumFromDate, FormatDateTime. DateTimes are UTC. */
export const dateFunctions: FunctionDef[] = [
  defineFunction('CDate', 'Reads a date text as a UTC DateTime (shown as M/d/yyyy h:mm:ss tt).', ['expression'], ([expression]) => {
    const ms = dateOf(expression.value());
    return ms === null ? null : checked(ms);
  }),
  defineFunction('Now', 'The current UTC DateTime (shown as M/d/yyyy h:mm:ss tt).', [], (_args, env) => new DateTimeValue(env.ctx.now().getTime())),
  defineFunction(
    'DateAdd',
    'Adds value intervals (yyyy, m, d, ww, h, n, s) to the DateTime.',
    ['interval', 'value', 'dateTime'],
    ([unitArg, valueArg, dateArg]) => {
      const unit = interval(unitArg.value());
      const amount = numberOf(valueArg.value());
      const ms = dateOf(dateArg.value());
      if (amount === null || ms === null) return null;
      const n = Math.trunc(amount);
      if (unit === 'yyyy' || unit === 'm') return checked(addMonths(ms, unit === 'yyyy' ? n * 12 : n));
      return checked(ms + n * MS[unit]);
    },
    { check: checkInterval },
  ),
  defineFunction(
    'DateDiff',
    'date2 − date1 in the interval (yyyy, m, d, ww, h, n, s): positive when date2 is later.',
    ['interval', 'date1', 'date2'],
    ([unitArg, a, b]) => {
      const unit = interval(unitArg.value());
      const from = dateOf(a.value());
      const to = dateOf(b.value());
      return from === null || to === null ? null : dateDiff(unit, from, to);
    },
    { check: checkInterval },
  ),
  defineFunction('DateFromNum', 'Reads an Active Directory date number (FILETIME: 100 ns since 1601) as a DateTime.', ['value'], ([value]) => {
    const v = value.value();
    if (isNull(v)) return null;
    const text = textOf(v)!.trim();
    if (!/^-?\d+$/.test(text)) throw new EvalFailure(`expects a whole number, found ${JSON.stringify(text)}`);
    return checked(Number(BigInt(text) / 10_000n) - FILETIME_EPOCH_MS);
  }),
  defineFunction('NumFromDate', 'Converts an ISO 8601 date text to an Active Directory date number (FILETIME), e.g. for accountExpires.', ['value'], ([value]) => {
    const ms = dateOf(value.value());
    return ms === null ? null : (ms + FILETIME_EPOCH_MS) * 10_000;
  }),
  defineFunction(
    'FormatDateTime',
    'Re-formats a date text from inputFormat to outputFormat (.NET date format strings); dateTimeStyles as in .NET.',
    ['source', 'dateTimeStyles?', 'inputFormat', 'outputFormat'],
    ([source, styles, inputFormat, outputFormat], env) => {
      const v = source.value();
      if (isNull(v)) return null;
      const output = textOf(outputFormat.value()) ?? '';
      try {
        const ms = v instanceof DateTimeValue ? v.ms : parseDotNetDate(textOf(v)!, textOf(inputFormat.value()) ?? '', textOf(styles.value()), env.ctx.now());
        return formatDotNetDate(ms, output);
      } catch (err) {
        throw new EvalFailure((err as Error).message);
      }
    },
    { check: checkFormats },
  ),
];

