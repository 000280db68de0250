import type { Filter } from '../scim/filter/ast.js';
import { comparisonKey } from '../scim/input-rules.js';
import { resolveAttrPath } from '../scim/schema/registry.js';
import type { ResourceKind } from '../scim/schema/types.js';
import type { DialectName } from './dialect.js';
import { groupsOfRowSql } from './memberships.js';
import type { ReadPlan, Row, Statement } from './reader.js';
import { compileRaw, rowCountText } from './sql-text.js';

/** The single-attribute lookups every provisioning step starts with, answered by fixed statements. */
interface LookupKey {
  column: 'user_name_lc' | 'external_id' | 'id' | 'display_name_lc';
  /** At most one row per tenant and type (a unique index), so the statement needs no order, limit or count. */
  unique: boolean;
  lower: boolean;
}

const KEYS: Record<ResourceKind, Record<string, LookupKey>> = {
  User: {
    username: { column: 'user_name_lc', unique: true, lower: true },
    externalid: { column: 'external_id', unique: false, lower: false },
    id: { column: 'id', unique: true, lower: false },
  },
  Group: {
    displayname: { column: 'display_name_lc', unique: true, lower: true },
    externalid: { column: 'external_id', unique: false, lower: false },
    id: { column: 'id', unique: true, lower: false },
  },
};

/** A recognised lookup: which indexed column, and the value to find there. */
export interface Lookup {
  key: LookupKey;
  value: string;
}

/**
 * Recognises `userName eq "…"`, `externalId eq "…"`, `id eq "…"` and a group's `displayName eq "…"`: one
 * equality on a core attribute with its own index, compared with a string. Anything else (other
 * operators, values of other types, sub-attributes, extensions) goes through the general compiler.
 */
export function recogniseLookup(kind: ResourceKind, filter: Filter | undefined): Lookup | undefined {
  if (!filter || filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string' || filter.path.sub !== undefined) return undefined;
  const key = KEYS[kind][filter.path.attr.toLowerCase()];
  if (!key) return undefined;
  const r = resolveAttrPath(kind, filter.path);
  if (!r || r.extension || r.sub) return undefined;
  // The lower-cased columns hold comparisonKey (NFC, lower case), as the filter compiler compares them.
  return { key, value: key.lower ? comparisonKey(filter.value) : filter.value };
}

const COLUMNS = 'r.id, r.type, r.doc, r.version, r.created, r.last_modified, r.seq';

// Statement texts are built once per shape and kept, so their prepared forms are reused.
const texts = new Map<string, { page: string; count: string; name: string }>();

function textsOf(dialect: DialectName, kind: ResourceKind, key: LookupKey, groups: boolean) {
  const id = `${dialect}:${kind}:${key.column}:${groups}`;
  let t = texts.get(id);
  if (!t) {
    const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
    const cols = groups ? `${COLUMNS}, ${compileRaw(dialect, groupsOfRowSql(dialect))} AS groups` : COLUMNS;
    const where = `r.tenant_id = ${p(1)} AND r.type = '${kind}' AND r.${key.column} = ${p(2)}`;
    const order = key.unique ? '' : ` ORDER BY r.created ASC, r.id ASC LIMIT ${rowCountText(p(3))} OFFSET ${rowCountText(p(4))}`;
    t = {
      page: `SELECT ${cols} FROM resources r WHERE ${where}${order}`,
      count: `SELECT COUNT(*) AS n FROM resources r WHERE ${where}`,
      name: `scimkit_lookup_${texts.size}`,
    };
    texts.set(id, t);
  }
  return t;
}

/** The rows of a lookup's page and the total it reports. */
export interface LookupResult {
  rows: Row[];
  totalResults: number;
}

/**
 * The read of a recognised lookup. A unique column returns at most one row, so startIndex and count are
 * applied to it here; otherwise the page is ordered as any list is, and counted only when the page
 * cannot tell the total by itself.
 */
export function* lookupPlan(dialect: DialectName, tenantId: string, kind: ResourceKind, l: Lookup, page: { offset: number; count: number; groups: boolean }): ReadPlan<LookupResult> {
  const t = textsOf(dialect, kind, l.key, page.groups);
  const named = (sql: string, parameters: unknown[], suffix: string, sharedOrder = ''): Statement =>
    dialect === 'postgres' ? { sql, parameters, name: `${t.name}_${suffix}`, sharedOrder } : { sql, parameters };
  if (l.key.unique) {
    const rows = yield named(t.page, [tenantId, l.value], 'p');
    return { rows: rows.slice(page.offset, page.offset + page.count), totalResults: rows.length };
  }
  if (page.count <= 0) return { rows: [], totalResults: Number((yield named(t.count, [tenantId, l.value], 'c'))[0]!.n) };
  const rows = yield named(t.page, [tenantId, l.value, page.count + 1, page.offset], 'p', 'created, id');
  const more = rows.length > page.count;
  const known = !more && (page.offset === 0 || rows.length > 0);
  const totalResults = known ? page.offset + rows.length : Number((yield named(t.count, [tenantId, l.value], 'c'))[0]!.n);
  return { rows: rows.slice(0, page.count), totalResults };
}

const byIdTexts = new Map<string, string>();

/** The read of one resource by id, with a user's groups when asked for. */
export function* byIdPlan(dialect: DialectName, tenantId: string, kind: ResourceKind, id: string, groups: boolean): ReadPlan<Row | undefined> {
  const key = `${dialect}:${kind}:${groups}`;
  let sql = byIdTexts.get(key);
  if (!sql) {
    const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
    const cols = groups ? `${COLUMNS}, ${compileRaw(dialect, groupsOfRowSql(dialect))} AS groups` : COLUMNS;
    sql = `SELECT ${cols} FROM resources r WHERE r.tenant_id = ${p(1)} AND r.type = '${kind}' AND r.id = ${p(2)}`;
    byIdTexts.set(key, sql);
  }
  const rows = yield dialect === 'postgres' ? { sql, parameters: [tenantId, id], name: `scimkit_by_id_${kind}_${groups ? 'g' : 'n'}`, sharedOrder: '' } : { sql, parameters: [tenantId, id] };
  return rows[0];
}
