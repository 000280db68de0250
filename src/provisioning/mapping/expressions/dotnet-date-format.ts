// .NET custom and standard date and time format strings (en-US names, UTC), as Entra's date functions use them.
// Reference: learn.microsoft.com/dotnet/standard/base-types/custom-date-and-time-format-strings.

/** English month and day names, as .NET's invariant and en-US cultures print them. */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** English day names, Sunday first like .NET's DayOfWeek. */
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** One piece of a format string: a field such as `yyyy` (letter and repeat count) or literal text. */
export type FormatPart = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

const FIELD_LETTERS = new Set('dfFghHKmMstyz');

/** Single-letter standard formats, expanded as .NET's en-US culture does (the culture Entra's outputs follow). */
const STANDARD: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

/** Splits a format string into fields and literals: quotes, `\x` escapes and `%x` single fields as .NET reads them. */
export function tokenizeDateFormat(format: string): FormatPart[] {
  const expanded = format.length === 1 && STANDARD[format] ? STANDARD[format] : format;
  if (format.length === 1 && !STANDARD[format] && FIELD_LETTERS.has(format)) throw new Error(`"${format}" is not a standard date format; write "%${format}" for the single field`);
  const parts: FormatPart[] = [];
  const literal = (text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else parts.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < expanded.length) {
    const ch = expanded[i];
    if (ch === '%' && i + 1 < expanded.length && FIELD_LETTERS.has(expanded[i + 1])) {
      parts.push({ kind: 'field', letter: expanded[i + 1], count: 1 });
      i += 2;
    } else if (ch === '\\') {
      if (i + 1 >= expanded.length) throw new Error('the format ends with a lone "\\"');
      literal(expanded[i + 1]);
      i += 2;
    } else if (ch === '"' || ch === "'") {
      const close = expanded.indexOf(ch, i + 1);
      if (close < 0) throw new Error(`the quote ${ch} at position ${i} of the format is not closed`);
      literal(expanded.slice(i + 1, close));
      i = close + 1;
    } else if (FIELD_LETTERS.has(ch)) {
      let n = 1;
      while (expanded[i + n] === ch) n++;
      parts.push({ kind: 'field', letter: ch, count: n });
      i += n;
    } else {
      literal(ch);
      i++;
    }
  }
  return parts;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function fieldText(d: Date, letter: string, count: number): string {
  const hours = d.getUTCHours();
  switch (letter) {
    case 'd':
      if (count === 1) return String(d.getUTCDate());
      if (count === 2) return pad(d.getUTCDate(), 2);
      return count === 3 ? DAYS[d.getUTCDay()].slice(0, 3) : DAYS[d.getUTCDay()];
    case 'f':
    case 'F': {
      if (count > 7) throw new Error(`"${letter.repeat(count)}" has more than 7 fraction digits`);
      const digits = pad(d.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, count);
      return letter === 'f' ? digits : digits.replace(/0+$/, '');
    }
    case 'g':
      return 'A.D.';
    case 'h':
      return count === 1 ? String(hours % 12 || 12) : pad(hours % 12 || 12, 2);
    case 'H':
      return count === 1 ? String(hours) : pad(hours, 2);
    case 'K':
      return 'Z';
    case 'm':
      return count === 1 ? String(d.getUTCMinutes()) : pad(d.getUTCMinutes(), 2);
    case 'M':
      if (count === 1) return String(d.getUTCMonth() + 1);
      if (count === 2) return pad(d.getUTCMonth() + 1, 2);
      return count === 3 ? MONTHS[d.getUTCMonth()].slice(0, 3) : MONTHS[d.getUTCMonth()];
    case 's':
      return count === 1 ? String(d.getUTCSeconds()) : pad(d.getUTCSeconds(), 2);
    case 't':
      return (hours < 12 ? 'AM' : 'PM').slice(0, count === 1 ? 1 : 2);
    case 'y': {
      const year = d.getUTCFullYear();
      if (count === 1) return String(year % 100);
      return count === 2 ? pad(year % 100, 2) : pad(year, count);
    }
    case 'z':
      return count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
    default:
      throw new Error(`unknown format field "${letter}"`);
  }
}

/**
 * Formats an instant with a .NET format string, in UTC (scimkit, like Entra's service, runs its dates in UTC).
 * `F` fields drop trailing zeros and, when nothing is left, the "." before them, as .NET does.
 */
export function formatDotNetDate(ms: number, format: string): string {
  const d = new Date(ms);
  let out = '';
  for (const part of tokenizeDateFormat(format)) {
    if (part.kind === 'literal') {
      out += part.text;
      continue;
    }
    const text = fieldText(d, part.letter, part.count);
    if (part.letter === 'F' && text === '' && out.endsWith('.')) out = out.slice(0, -1);
    out += text;
  }
  return out;
}
