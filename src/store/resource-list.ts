import { sql, type RawBuilder } from 'kysely';
import type { AttrPath, Filter } from '../scim/filter/ast.js';
import { scimError } from '../scim/errors.js';
import { isStorableText } from '../scim/input-rules.js';
import type { ResourceKind } from '../scim/schema/types.js';
import type { Db } from './database.js';
import { compileFilter } from './filter-sql.js';
import { sortExpression } from './sort-sql.js';
import { loadGroupsOf } from './memberships.js';
import { readColumnsSql, rowToStored, type ReadOptions, type ReadRow, type StoredResource } from './resource-row.js';

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
 * Runs a list query: the filter compiled to SQL, totalResults counted with the same WHERE,
 * index paging by OFFSET, and cursor paging by keyset on (created, id) when no sortBy is given,
 * so walking a million users page by page costs the same for the last page as for the first.
 */
export async function listResources(db: Db, tenantId: string, kind: ResourceKind, q: ListQuery): Promise<ListResult> {
  const ctx = { dialect: db.dialect, kind, tenantId };
  const where = listConditions(db, tenantId, kind, q.filter);
  const whereSql = sql.join(where, sql` AND `);

  const desc = q.sortOrder === 'descending';
  const sortExpr = q.sortBy ? sortExpression(ctx, q.sortBy) : undefined;
  const order = sortExpr
    ? sql`(${sortExpr} IS NULL) ${sql.raw(desc ? 'DESC' : 'ASC')}, ${sortExpr} ${sql.raw(desc ? 'DESC' : 'ASC')}, r.id ASC`
    : CREATED_ORDER;

  const cursorMode = q.cursor !== undefined;
  let offset = cursorMode ? 0 : Math.max(0, (q.startIndex ?? 1) - 1);
  const pageWhere = [...where];
  if (cursorMode && q.cursor !== '') {
    const c = decodeCursor(q.cursor!);
    if ('o' in c) offset = c.o;
    else if (sortExpr) throw scimError.invalidCursor('The cursor does not belong to this sort order.');
    else pageWhere.push(keysetAfter(c.c, c.i));
  }
  const count = async () => Number((await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM resources r WHERE ${whereSql}`.execute(db.kysely)).rows[0]?.n ?? 0);
  if (q.count <= 0) return { totalResults: await count(), startIndex: offset + 1, resources: [] };

  // Users' groups ride along in the page's one statement, except behind an OFFSET: PostgreSQL would
  // compute them for every skipped row too, so a deep startIndex page asks for its own users' groups after.
  const groups = kind === 'User' && !!q.read?.groups;
  const inline = groups && offset === 0;
  const rows = await sql<ReadRow>`
    SELECT ${readColumnsSql(db.dialect, inline)} FROM resources r
    WHERE ${sql.join(pageWhere, sql` AND `)} ORDER BY ${order} LIMIT ${q.count + 1} OFFSET ${offset}`.execute(db.kysely);
  const more = rows.rows.length > q.count;
  const resources = rows.rows.slice(0, q.count).map((r) => rowToStored(r));
  if (groups && !inline && resources.length) {
    const groupsOf = await loadGroupsOf(db.kysely, tenantId, resources.map((r) => r.id));
    for (const r of resources) r.groups = groupsOf.get(r.id) ?? [];
  }
  // A last page reached by offset tells the total by itself (the `userName eq` lookup of every sync
  // step is such a page): count only when the page cannot.
  const keyset = pageWhere.length > where.length;
  const known = !more && !keyset && (offset === 0 || resources.length > 0);
  const totalResults = known ? offset + resources.length : await count();
  const result: ListResult = { totalResults, startIndex: offset + 1, resources };
  if (cursorMode && more) {
    const last = resources[resources.length - 1]!;
    result.nextCursor = encodeCursor(sortExpr || offset > 0 ? { o: offset + q.count } : { c: last.created, i: last.id });
  }
  return result;
}
