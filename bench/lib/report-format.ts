/** Number formats and names the report's tables share. */
import type { DbKind, RunResults, ScimkitRun } from './types.js';

const missing = (v: number | undefined): v is undefined => v === undefined || Number.isNaN(v);

/** An integer with thousands separators. */
export const n = (v: number) => v.toLocaleString('en-US');
/** Rounded to a whole number, or a dash when absent. */
export const f0 = (v: number | undefined) => (missing(v) ? '–' : Math.round(v).toLocaleString('en-US'));
/** One decimal, or a dash. */
export const f1 = (v: number | undefined) => (missing(v) ? '–' : v.toFixed(1));
/** Two decimals, or a dash. */
export const f2 = (v: number | undefined) => (missing(v) ? '–' : v.toFixed(2));
/** A ratio as a whole percentage, or a dash. */
export const pct = (v: number | undefined) => (missing(v) ? '–' : `${(100 * v).toFixed(0)} %`);
/** How each database is named in the tables. */
export const DB: Record<DbKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
/** Marks a number that came with errors or was cut short. */
export const FLAG = '⚠';

/** The run at the largest size on one database: the one the targets are judged on. */
export function largest(res: RunResults, db: DbKind): ScimkitRun | undefined {
  return res.scimkit.filter((r) => r.db === db).sort((a, b) => b.users - a.users)[0];
}
