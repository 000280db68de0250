import { DAYS, MONTHS, tokenizeDateFormat } from './dotnet-date-format.js';

/** The DateTimeStyles names FormatDateTime accepts (learn.microsoft.com/dotnet/api/system.globalization.datetimestyles). */
export const DATE_TIME_STYLES = [
  'None',
  'AllowLeadingWhite',
  'AllowTrailingWhite',
  'AllowInnerWhite',
  'AllowWhiteSpaces',
  'NoCurrentDateDefault',
  'AdjustToUniversal',
  'AssumeLocal',
  'AssumeUniversal',
  'RoundtripKind',
] as const;

/** Entra's default when dateTimeStyles is blank. */
const DEFAULT_STYLES = 'RoundtripKind, AllowLeadingWhite, AllowTrailingWhite';

interface Styles {
  leading: boolean;
  trailing: boolean;
  inner: boolean;
  noCurrentDate: boolean;
}

/** Reads a comma-separated DateTimeStyles list; an unknown name is an error naming the valid ones. */
export function parseDateTimeStyles(text: string | null): Styles {
  const names = (text === null || text.trim() === '' ? DEFAULT_STYLES : text).split(/[,|]/).map((s) => s.trim()).filter(Boolean);
  const styles: Styles = { leading: false, trailing: false, inner: false, noCurrentDate: false };
  for (const name of names) {
    const known = DATE_TIME_STYLES.find((s) => s.toLowerCase() === name.replace(/^DateTimeStyles\./i, '').toLowerCase());
    if (!known) throw new Error(`unknown DateTimeStyles value "${name}"; expected any of ${DATE_TIME_STYLES.join(', ')}`);
    if (known === 'AllowLeadingWhite' || known === 'AllowWhiteSpaces') styles.leading = true;
    if (known === 'AllowTrailingWhite' || known === 'AllowWhiteSpaces') styles.trailing = true;
    if (known === 'AllowInnerWhite' || known === 'AllowWhiteSpaces') styles.inner = true;
    if (known === 'NoCurrentDateDefault') styles.noCurrentDate = true;
  }
  return styles;
}

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  ms?: number;
  offsetMinutes?: number;
}

/** Reads `min` to `max` digits at `at`; undefined when fewer than `min` are there. */
function digits(text: string, at: number, min: number, max: number): { value: number; end: number } | undefined {
  let end = at;
  while (end < text.length && end - at < max && text[end] >= '0' && text[end] <= '9') end++;
  return end - at < min ? undefined : { value: Number(text.slice(at, end)), end };
}

/** Matches one of `names` (case-insensitive) at `at`, longest first; returns its index. */
function name(text: string, at: number, names: string[]): { index: number; end: number } | undefined {
  const order = names.map((n, index) => ({ n, index })).sort((a, b) => b.n.length - a.n.length);
  for (const { n, index } of order) if (text.slice(at, at + n.length).toLowerCase() === n.toLowerCase()) return { index, end: at + n.length };
  return undefined;
}

/** Reads `+hh`, `+h`, `+hh:mm` or `+hhmm` (and `Z` when allowed); minutes east of UTC. */
function offset(text: string, at: number, withMinutes: boolean, allowZ: boolean): { value: number; end: number } | undefined {
  if (allowZ && (text[at] === 'Z' || text[at] === 'z')) return { value: 0, end: at + 1 };
  const sign = text[at] === '+' ? 1 : text[at] === '-' ? -1 : 0;
  if (!sign) return undefined;
  const h = digits(text, at + 1, 1, 2);
  if (!h) return undefined;
  let end = h.end;
  let minutes = 0;
  if (withMinutes) {
    if (text[end] === ':') end++;
    const m = digits(text, end, 2, 2);
    if (!m) return undefined;
    minutes = m.value;
    end = m.end;
  }
  return { value: sign * (h.value * 60 + minutes), end };
}

/** Two-digit years as .NET's Gregorian calendar reads them (TwoDigitYearMax 2049). */
function fullYear(yy: number): number {
  return yy <= 49 ? 2000 + yy : 1900 + yy;
}

function readField(text: string, at: number, letter: string, count: number, f: Fields): number | undefined {
  const num = (min: number, max: number, set: (n: number) => void) => {
    const d = digits(text, at, min, max);
    if (d) set(d.value);
    return d?.end;
  };
  const one = count === 1;
  switch (letter) {
    case 'd':
      if (count <= 2) return num(count, 2, (n) => (f.day = n));
      return name(text, at, count === 3 ? DAYS.map((d) => d.slice(0, 3)) : DAYS)?.end;
    case 'M': {
      if (count <= 2) return num(count, 2, (n) => (f.month = n));
      const m = name(text, at, count === 3 ? MONTHS.map((d) => d.slice(0, 3)) : MONTHS);
      if (m) f.month = m.index + 1;
      return m?.end;
    }
    case 'y':
      if (count <= 2) return num(count, 2, (n) => (f.year = fullYear(n)));
      return num(count, Math.max(count, 4), (n) => (f.year = n));
    case 'H':
      return num(count, 2, (n) => (f.hour = n));
    case 'h':
      return num(count, 2, (n) => (f.hour12 = n));
    case 'm':
      return num(count, 2, (n) => (f.minute = n));
    case 's':
      return num(count, 2, (n) => (f.second = n));
    case 'f':
    case 'F': {
      const d = digits(text, at, letter === 'f' ? count : 0, count);
      if (d && d.end > at) f.ms = Math.floor(Number(`0.${text.slice(at, d.end)}`) * 1000 + 1e-9);
      return d?.end;
    }
    case 't': {
      const t = name(text, at, one ? ['A', 'P'] : ['AM', 'PM']);
      if (t) f.pm = t.index === 1;
      return t?.end;
    }
    case 'z':
    case 'K': {
      if (letter === 'K' && !/[Zz+-]/.test(text[at] ?? '')) return at;
      const o = offset(text, at, letter === 'K' || count >= 3, letter === 'K');
      if (o) f.offsetMinutes = o.value;
      return o?.end;
    }
    case 'g':
      return name(text, at, ['A.D.', 'AD'])?.end;
    default:
      return undefined;
  }
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** Builds the instant from parsed fields, checking ranges; missing date parts take today's (or 1/1/0001 with NoCurrentDateDefault). */
function instant(f: Fields, now: Date, styles: Styles): number {
  const noDate = f.year === undefined && f.month === undefined && f.day === undefined;
  const year = f.year ?? (noDate && styles.noCurrentDate ? 1 : now.getUTCFullYear());
  const month = f.month ?? (noDate && !styles.noCurrentDate ? now.getUTCMonth() + 1 : 1);
  const day = f.day ?? (noDate && !styles.noCurrentDate ? now.getUTCDate() : 1);
  let hour = f.hour ?? 0;
  if (f.hour12 !== undefined) {
    if (f.hour12 < 1 || f.hour12 > 12) throw new Error(`hour ${f.hour12} is not between 1 and 12`);
    hour = (f.hour12 % 12) + (f.pm ? 12 : 0);
  } else if (f.pm !== undefined && f.hour !== undefined && f.pm !== hour >= 12) {
    throw new Error(`hour ${hour} contradicts ${f.pm ? 'PM' : 'AM'}`);
  }
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  if (month < 1 || month > 12) throw new Error(`month ${month} is not between 1 and 12`);
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  if (day < 1 || day > daysInMonth) throw new Error(`day ${day} does not exist in month ${month} of ${year}`);
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`time ${hour}:${minute}:${second} is out of range`);
  return utc(year, month, day, hour, minute, second, f.ms ?? 0) - (f.offsetMinutes ?? 0) * 60_000;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Date.UTC without its 1900 offset for years 0–99. */
export function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

/**
 * .NET DateTime.ParseExact with an en-US culture: the text must follow the format exactly (whitespace as the styles
 * allow). An offset in the text converts to UTC; text without one is taken as UTC. Throws an Error saying what did not match.
 */
export function parseDotNetDate(text: string, format: string, stylesText: string | null, now: Date): number {
  const styles = parseDateTimeStyles(stylesText);
  const parts = tokenizeDateFormat(format);
  let input = text;
  if (styles.leading) input = input.trimStart();
  if (styles.trailing) input = input.trimEnd();
  const fields: Fields = {};
  let at = 0;
  for (const part of parts) {
    if (part.kind === 'literal') {
      for (const ch of part.text) {
        if (styles.inner) while (isSpace(input[at])) at++;
        if (styles.inner && isSpace(ch)) continue;
        if (input[at] === ch) {
          at++;
        } else {
          throw new Error(`"${text}" does not match the format "${format}" at character ${at + 1} (expected "${ch}")`);
        }
      }
      continue;
    }
    if (styles.inner) while (isSpace(input[at])) at++;
    const end = readField(input, at, part.letter, part.count, fields);
    if (end === undefined) {
      throw new Error(`"${text}" does not match the format "${format}" at character ${at + 1} (expected "${part.letter.repeat(part.count)}")`);
    }
    at = end;
  }
  if (styles.inner) while (isSpace(input[at])) at++;
  if (at < input.length) throw new Error(`"${text}" has extra text after the format "${format}": "${input.slice(at)}"`);
  return instant(fields, now, styles);
}
