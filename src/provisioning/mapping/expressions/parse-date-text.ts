import { utc } from './dotnet-date-parse.js';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AP]M)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ZONE_WORD = /\b(?:GMT|UTC)\b|[+-]\d{2}:?\d{2}\s*$|Z\s*$/i;

function zoneMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

function build(y: string, mo: string, d: string, h?: string, mi?: string, s?: string, frac?: string, ampm?: string, zone?: string): number | undefined {
  let hour = Number(h ?? 0);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
  }
  const [year, month, day, minute, second] = [Number(y), Number(mo), Number(d), Number(mi ?? 0), Number(s ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-9) : 0;
  const t = utc(year, month, day, hour, minute, second, ms);
  if (new Date(t).getUTCDate() !== day) return undefined; // 2/30 rolled over into March
  return t - zoneMinutes(zone) * 60_000;
}

/**
 * Reads a date as Entra's CDate does (.NET DateTime.Parse, en-US): ISO 8601 (`2020-03-16-07:00`, `2009-06-15T01:45:30Z`),
 * US `M/d/yyyy h:mm:ss tt`, and RFC 1123 (`Tue, 15 Jun 2009 01:45:30 GMT`). A text without zone is UTC.
 * Returns the instant in ms, or undefined when the text is not a date.
 */
export function parseDateText(text: string): number | undefined {
  const t = text.trim();
  let m = ISO.exec(t) ?? ISO_BASIC.exec(t);
  if (m) return build(m[1], m[2], m[3], m[4], m[5], m[6], m[7], undefined, m[8]);
  m = US.exec(t);
  if (m) return build(m[3], m[1], m[2], m[4], m[5], m[6], m[7], m[8], m[9]);
  if (!/[A-Za-z]{3}/.test(t)) return undefined;
  const parsed = Date.parse(ZONE_WORD.test(t) ? t : `${t} UTC`);
  return Number.isNaN(parsed) ? undefined : parsed;
}
