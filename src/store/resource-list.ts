import { sql, type RawBuilder } from 'kysely';
import type { AttrPath, Filter } from '../scim/filter/ast.js';
import { scimError } from '../scim/errors.js';
import { isStorableText } from '../scim/input-rules.js';
import type { ResourceKind } from '../scim/schema/types.js';
import type { Db } from './database.js';
import { compileFilter } from './filter-sql.js';
import { sortExpression } from './sort-sql.js';
import { recogniseLookup, lookupPlan } from './fast-lookup.js';
import { groupsByMember, groupsOfStatement } from './memberships.js';
import { BUDGET_FUNCTION, type ReadPlan, type Row, type Statement } from './reader.js';
import { readColumnsSql, rowToStored, type ReadOptions, type ReadRow, type StoredResource } from './resource-row.js';
import { compileStatement, rowCount } from './sql-text.js';

/** A list request after the HTTP layer parsed it. */
export interface ListQuery {
  filter?: Filter;
  /** 1-based, RFC 7644 §3.4.2.4; ignored in cursor mode. */
  startIndex?: number;
  count: number;
  sortBy?: AttrPath;
  sortOrder?: 'ascending' | 'descending';
  /** RFC 9865: present (even empty) selects cursor paging; empty means the first page. */
  cursor?: string;
  read?: ReadOptions;
}

/** A page of results with the numbers a ListResponse needs. */
export interface ListResult {
  totalResults: number;
  startIndex: number;
  resources: StoredResource[];
  nextCursor?: string;
}

type Cursor = { c: string; i: string } | { o: number };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    // Offsets past 2^53 and strings no database compares faithfully were 500s: a forged cursor is just invalid.
    if ('o' in c && Number.isSafeInteger(c.o) && c.o >= 0) return c;
    if ('c' in c && typeof c.c === 'string' && typeof c.i === 'string' && isStorableText(c.c) && isStorableText(c.i) && c.c.length <= 64 && c.i.length <= 64) return c;
  } catch {
    // fall through to the error below
  }
  throw scimError.invalidCursor('The cursor is not one this server issued.');
}

/** The order of a list without sortBy, which keyset cursors follow (exported for query-plan tests). */
export const CREATED_ORDER = sql`r.created ASC, r.id ASC`;

/**
 * The rows after a keyset cursor's last (created, id), exported for query-plan tests. A row-value
 * comparison seeks the (created, id) index on both databases; the equivalent OR form made SQLite
 * gather and sort every later row for each page, so a walk of 1M users took minutes.
 */
export function keysetAfter(created: string, id: string): RawBuilder<unknown> {
  return sql`(r.created, r.id) > (${created}, ${id})`;
}

/** The WHERE conditions of a list: the tenant, the resource type and the compiled filter (exported for query-plan tests). */
export function listConditions(db: Db, tenantId: string, kind: ResourceKind, filter?: Filter): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`r.tenant_id = ${tenantId}`, sql`r.type = ${kind}`];
  if (filter) where.push(compileFilter({ dialect: db.dialect, kind, tenantId }, filter));
  return where;
}

/**
 * True when a filter is answered from an index seek that finds a handful of rows whatever the tenant's
 * size: an equality on an indexed attribute (userName, id, externalId, displayName, emails.value,
 * members.value), alone or ANDed with anything. Such a read runs at once; any other is heavy.
 */
export function isBounded(kind: ResourceKind, filter: Filter | undefined): boolean {
  if (!filter) return false;
  if (filter.kind === 'and') return isBounded(kind, filter.left) || isBounded(kind, filter.right);
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.value === null || filter.path.uri !== undefined) return false;
  const name = `${filter.path.attr}${filter.path.sub !== undefined ? `.${filter.path.sub}` : ''}`.toLowerCase();
  return BOUNDED_ATTRIBUTES[kind].has(name);
}

const BOUNDED_ATTRIBUTES: Record<ResourceKind, Set<string>> = {
  User: new Set(['id', 'username', 'externalid', 'displayname', 'emails', 'emails.value']),
  Group: new Set(['id', 'displayname', 'externalid', 'members', 'members.value']),
};

/**
 * The statement that counts a list's totalResults (exported for tests). An unfiltered list reads the
 * tenant's count that triggers keep in `resource_counts` (migration 006): one row, where a COUNT(*) was
 * linear in the tenant's size on every page of a cursor walk (16 ms at 200k users). A filtered heavy count
 * calls the budget function per row like the page does.
 */
export function countStatement(db: Db, scope: { tenantId: string; kind: ResourceKind }, conditions: RawBuilder<unknown>[], read: { heavy: boolean; filtered: boolean }): Statement {
  if (!read.filtered) {
    return compileStatement(db.dialect, sql`SELECT COALESCE((SELECT c.n FROM resource_counts c WHERE c.tenant_id = ${scope.tenantId} AND c.type = ${scope.kind}), 0) AS n`);
  }
  const where = read.heavy && db.reader.budgetFunction ? [sql.raw(`${BUDGET_FUNCTION}()`), ...conditions] : conditions;
  return compileStatement(db.dialect, sql`SELECT COUNT(*) AS n FROM resources r WHERE ${sql.join(where, sql` AND `)}`);
}

/** A page's rows, its users' groups when read separately, and the total. */
interface PageRows {
  rows: Row[];
  groups?: Row[];
  total: number;
  more: boolean;
}

/**
 * Runs a list query: the filter compiled to SQL, totalResults counted with the same WHERE,
 * index paging by OFFSET, and cursor paging by keyset on (created, id) when no sortBy is given,
 * so walking a million users page by page costs the same for the last page as for the first.
 * The lookups of every provisioning step (`userName eq`, `externalId eq`) take fixed statements;
 * a filter without an indexed equality is a heavy read (see Reader).
 */
export async function listResources(db: Db, tenantId: string, kind: ResourceKind, q: ListQuery): Promise<ListResult> {
  const cursorMode = q.cursor !== undefined;
  const groups = kind === 'User' && !!q.read?.groups;
  const lookup = cursorMode || q.sortBy ? undefined : recogniseLookup(kind, q.filter);
  if (lookup) {
    const offset = Math.max(0, (q.startIndex ?? 1) - 1);
    const r = await db.reader.quick(() => lookupPlan(db.dialect, tenantId, kind, lookup, { offset, count: q.count, groups }));
    return { totalResults: r.totalResults, startIndex: offset + 1, resources: r.rows.map((row) => rowToStored(row as ReadRow)) };
  }

  const ctx = { dialect: db.dialect, kind, tenantId };
  const heavy = !isBounded(kind, q.filter);
  const where = listConditions(db, tenantId, kind, q.filter);
  const count = countStatement(db, { tenantId, kind }, where, { heavy, filtered: q.filter !== undefined });
  // A heavy SQLite statement calls the budget function for every row it visits, so it stops at the budget.
  if (heavy && db.reader.budgetFunction) where.unshift(sql.raw(`${BUDGET_FUNCTION}()`));

  const desc = q.sortOrder === 'descending';
  const sortExpr = q.sortBy ? sortExpression(ctx, q.sortBy) : undefined;
  const order = sortExpr
    ? sql`(${sortExpr} IS NULL) ${sql.raw(desc ? 'DESC' : 'ASC')}, ${sortExpr} ${sql.raw(desc ? 'DESC' : 'ASC')}, r.id ASC`
    : CREATED_ORDER;

  let offset = cursorMode ? 0 : Math.max(0, (q.startIndex ?? 1) - 1);
  const pageWhere = [...where];
  if (cursorMode && q.cursor !== '') {
    const c = decodeCursor(q.cursor!);
    if ('o' in c) offset = c.o;
    else if (sortExpr) throw scimError.invalidCursor('The cursor does not belong to this sort order.');
    else pageWhere.push(keysetAfter(c.c, c.i));
  }
  // Users' groups ride along in the page's statement for a quick read from the start; a heavy page, or one
  // behind an OFFSET (PostgreSQL would compute them for every skipped row), asks for its users' groups after.
  const inline = groups && !heavy && offset === 0;
  const page = compileStatement(
    db.dialect,
    sql`SELECT ${readColumnsSql(db.dialect, inline)} FROM resources r WHERE ${sql.join(pageWhere, sql` AND `)} ORDER BY ${order} LIMIT ${rowCount(q.count + 1)} OFFSET ${rowCount(offset)}`,
  );
  // A last page reached by offset tells the total by itself (the `userName eq` lookup of every sync
  // step is such a page): count only when the page cannot.
  const keyset = pageWhere.length > where.length;
  const limit = q.count;
  function* plan(): ReadPlan<PageRows> {
    if (limit <= 0) return { rows: [], total: Number((yield count)[0]!.n), more: false };
    const all = yield page;
    const more = all.length > limit;
    const rows = all.slice(0, limit);
    const groupRows = groups && !inline && rows.length ? yield groupsOfStatement(db.dialect, tenantId, rows.map((r) => r.id as string)) : undefined;
    const known = !more && !keyset && (offset === 0 || rows.length > 0);
    const total = known ? offset + rows.length : Number((yield count)[0]!.n);
    const found: PageRows = { rows, total, more };
    if (groupRows) found.groups = groupRows;
    return found;
  }
  const out = heavy ? await db.reader.heavy(tenantId, plan) : await db.reader.quick(plan);
  const resources = out.rows.map((r) => rowToStored(r as ReadRow));
  if (out.groups) {
    const groupsOf = groupsByMember(out.groups);
    for (const r of resources) r.groups = groupsOf.get(r.id) ?? [];
  } else if (groups && !inline) for (const r of resources) r.groups = [];
  const result: ListResult = { totalResults: out.total, startIndex: offset + 1, resources };
  if (cursorMode && out.more) {
    const last = resources[resources.length - 1]!;
    result.nextCursor = encodeCursor(sortExpr || offset > 0 ? { o: offset + q.count } : { c: last.created, i: last.id });
  }
  return result;
}
