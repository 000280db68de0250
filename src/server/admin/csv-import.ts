import { parse } from 'csv-parse/sync';
import { isScimError } from '../../scim/errors.js';
import { normalizeResource } from '../../scim/resource/normalize-resource.js';
import { parseFilter } from '../../scim/filter/parse-filter.js';
import { AdminHttpError } from './admin-errors.js';
import { createResource, type ScimContext } from '../resource-service.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The columns an import understands (case and spaces ignored); userName is required. */
export const IMPORT_COLUMNS = ['userName', 'givenName', 'familyName', 'displayName', 'email', 'title', 'department', 'employeeNumber', 'externalId', 'active'] as const;
const MAX_ROWS = 10_000;

/** One row of an import: its line, the user it describes, and what happened or would happen. */
export interface ImportRow {
  line: number;
  userName: string;
  status: 'valid' | 'invalid' | 'created' | 'failed';
  errors: string[];
  id?: string;
}

const key = (s: string) => s.replace(/[\s_-]/g, '').toLowerCase();

function toUser(r: Record<string, string>): Record<string, unknown> {
  const v = (c: string) => r[c]?.trim() || undefined;
  const active = v('active');
  return {
    schemas: [USER, ...(v('department') || v('employeeNumber') ? [ENTERPRISE] : [])],
    userName: v('userName'),
    ...(v('externalId') ? { externalId: v('externalId') } : {}),
    ...(v('givenName') || v('familyName') ? { name: { ...(v('givenName') ? { givenName: v('givenName') } : {}), ...(v('familyName') ? { familyName: v('familyName') } : {}) } } : {}),
    ...(v('displayName') ? { displayName: v('displayName') } : {}),
    ...(v('email') ? { emails: [{ value: v('email'), type: 'work', primary: true }] } : {}),
    ...(v('title') ? { title: v('title') } : {}),
    ...(v('department') || v('employeeNumber') ? { [ENTERPRISE]: { ...(v('department') ? { department: v('department') } : {}), ...(v('employeeNumber') ? { employeeNumber: v('employeeNumber') } : {}) } } : {}),
    ...(active === undefined ? {} : { active: active.toLowerCase() === 'true' }),
  };
}

function problems(r: Record<string, string>, doc: Record<string, unknown>, seen: Map<string, number>, line: number): string[] {
  const out: string[] = [];
  const name = r.userName?.trim();
  if (!name) out.push('userName is empty');
  const active = r.active?.trim().toLowerCase();
  if (active && active !== 'true' && active !== 'false') out.push(`active must be true or false, not "${r.active}"`);
  const email = r.email?.trim();
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) out.push(`email "${email}" is not an e-mail address`);
  if (name) {
    const first = seen.get(name.normalize('NFC').toLowerCase());
    if (first !== undefined) out.push(`userName ${name} is also on line ${first}`);
    else seen.set(name.normalize('NFC').toLowerCase(), line);
  }
  if (!out.length) {
    try {
      normalizeResource('User', doc);
    } catch (err) {
      if (!isScimError(err)) throw err;
      out.push(err.detail);
    }
  }
  return out;
}

/**
 * Imports users from CSV into a tenant. The preview checks every row (columns, values, duplicates in the file,
 * names the tenant has already) and creates nothing; a commit creates the valid rows one by one, each row
 * reporting its own outcome, so one bad row never stops the rest.
 */
export async function importUsersCsv(ctx: ScimContext, csv: string, commit: boolean) {
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
  } catch (err) {
    throw new AdminHttpError(400, 'invalidCsv', `The file is not readable CSV: ${(err as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw new AdminHttpError(400, 'invalidCsv', 'The file is empty: the first row names the columns (userName at least).');
  const columns = header.map((h) => IMPORT_COLUMNS.find((c) => key(c) === key(h)));
  const unknown = header.filter((_h, i) => !columns[i]);
  if (!columns.includes('userName')) throw new AdminHttpError(400, 'invalidCsv', `The header has no userName column (it has: ${header.join(', ')}). Columns: ${IMPORT_COLUMNS.join(', ')}.`);
  if (unknown.length) throw new AdminHttpError(400, 'invalidCsv', `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}. Columns: ${IMPORT_COLUMNS.join(', ')}.`);
  if (data.length > MAX_ROWS) throw new AdminHttpError(400, 'invalidCsv', `At most ${MAX_ROWS} rows at a time; split the file (it has ${data.length}).`);
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const [n, cells] of data.entries()) {
    const line = n + 2;
    const r: Record<string, string> = {};
    columns.forEach((c, i) => c && (r[c] = cells[i] ?? ''));
    const doc = toUser(r);
    const errs = cells.length > header.length ? [`has ${cells.length} cells, the header ${header.length}`] : problems(r, doc, seen, line);
    if (!errs.length) {
      const taken = await ctx.store.resources.list(ctx.tenantId, 'User', { filter: parseFilter(`userName eq ${JSON.stringify(r.userName!.trim())}`), count: 1 });
      if (taken.totalResults) errs.push(`userName ${r.userName!.trim()} exists already in this tenant`);
    }
    const row: ImportRow = { line, userName: r.userName?.trim() ?? '', status: errs.length ? 'invalid' : 'valid', errors: errs };
    if (commit && row.status === 'valid') {
      try {
        const out = await createResource(ctx, 'User', doc, {});
        Object.assign(row, { status: 'created', id: out.resourceId });
      } catch (err) {
        if (!isScimError(err)) throw err;
        Object.assign(row, { status: 'failed', errors: [err.detail] });
      }
    }
    rows.push(row);
  }
  const count = (s: ImportRow['status']) => rows.filter((r) => r.status === s).length;
  return { committed: commit, rows, valid: count('valid'), invalid: count('invalid'), created: count('created'), failed: count('failed') };
}
