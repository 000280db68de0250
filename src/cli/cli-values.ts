import { usageError } from './errors.js';

/** A yes/no flag value: true/false, on/off, yes/no, 1/0 (any case). */
export function parseBool(flag: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(v)) return true;
  if (['false', 'off', 'no', '0'].includes(v)) return false;
  throw usageError(`${flag} must be true or false (or on/off, yes/no), got ${JSON.stringify(raw)}`);
}

/** A whole number flag value within a range. */
export function parseWhole(flag: string, raw: string, min: number, max: number): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

/** A time for `--since`: an ISO date or date-time, or a duration back from now such as 30m, 2h, 7d. */
export function parseSince(raw: string, now = Date.now()): string {
  const m = /^\s*(\d+)\s*([smhd])\s*$/i.exec(raw);
  if (m) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(m[1]) * unit).toISOString();
  }
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw usageError(`--since must be an ISO date or time (2026-12-01, 2026-12-01T08:00Z) or a duration like 30m, 2h, 7d; got ${JSON.stringify(raw)}`);
  return new Date(t).toISOString();
}
