import { sql, type RawBuilder } from 'kysely';
import type { AttrPath, CompValue, CompareOp, Filter } from '../scim/filter/ast.js';
import { normalizeCompValue, parseDateTime } from '../scim/filter/validate-filter.js';
import { comparisonKey } from '../scim/input-rules.js';
import { leafDef, resolveAttrPath, resolveSubAttr, type ResolvedAttr } from '../scim/schema/registry.js';
import type { AttributeDef, ResourceKind } from '../scim/schema/types.js';
import type { DialectName } from './dialect.js';
import { INDEXED_COLUMNS } from './indexed-columns.js';
import { asBoolean, bool, compare, nn } from './sql-compare.js';
import { jsonAnyElement, jsonIsBoolean, jsonNumber, jsonPresent, jsonText, type JsonSource } from './json-sql.js';

/** What the compiler needs to know: which database, which resource type, and the alias of the resources row. */
export interface FilterContext {
  dialect: DialectName;
  kind: ResourceKind;
  /** Side-table lookups name the tenant directly, so they are uncorrelated and can start from their own index. */
  tenantId: string;
}

type Sql = RawBuilder<unknown>;

/**
 * Compiles a parsed SCIM filter into a SQL boolean over the `resources` row aliased `r`.
 * Every leaf yields true or false, never NULL, so `not` behaves as in the in-memory evaluator.
 * The attributes clients search by (id, userName, externalId, displayName, emails.value, meta dates,
 * group members) hit indexed columns or tables; the rest is read from the JSON document.
 * Values and JSON paths are always bound parameters.
 */
export function compileFilter(ctx: FilterContext, filter: Filter): Sql {
  switch (filter.kind) {
    case 'and':
      return sql`(${compileFilter(ctx, filter.left)} AND ${compileFilter(ctx, filter.right)})`;
    case 'or':
      return sql`(${compileFilter(ctx, filter.left)} OR ${compileFilter(ctx, filter.right)})`;
    case 'not':
      return sql`(NOT ${compileFilter(ctx, filter.filter)})`;
    case 'present':
    case 'compare':
      return leaf(ctx, filter.path, filter.kind === 'present' ? 'pr' : filter.op, filter.kind === 'present' ? null : filter.value);
    case 'valuePath':
      return valuePath(ctx, filter.path, filter.filter);
  }
}

function leaf(ctx: FilterContext, path: AttrPath, op: CompareOp | 'pr', value: CompValue): Sql {
  const r = resolveAttrPath(ctx.kind, path);
  if (!r) return bool(ctx, false);
  const def = leafDef(r);
  const key = r.extension ? '' : r.jsonPath.join('.');
  const col = INDEXED_COLUMNS[key];
  if (col && (!col.kind || col.kind === ctx.kind)) return onColumn(ctx, col.column, col.lower, def, op, value);
  if (!r.extension && ctx.kind === 'User' && key === 'active') return onActive(ctx, op, value);
  if (!r.extension && ctx.kind === 'User' && r.def.name === 'emails' && (!r.sub || r.sub.name === 'value')) {
    return onSideTable(ctx, sql`SELECT t.resource_id FROM resource_emails t WHERE t.tenant_id = ${ctx.tenantId}`, 't.value_lc', true, op, value);
  }
  if (!r.extension && ctx.kind === 'Group' && r.def.name === 'members' && (!r.sub || r.sub.name === 'value')) {
    return onSideTable(ctx, sql`SELECT t.group_id FROM memberships t WHERE t.tenant_id = ${ctx.tenantId}`, 't.member_id', false, op, value);
  }
  if (!r.extension && ctx.kind === 'User' && r.def.name === 'groups' && (!r.sub || r.sub.name === 'value')) {
    return onSideTable(ctx, sql`SELECT t.member_id FROM memberships t WHERE t.tenant_id = ${ctx.tenantId}`, 't.group_id', false, op, value);
  }
  return onJson(ctx, { dialect: ctx.dialect, expr: sql`r.doc` }, r, op, value);
}

function onJson(ctx: FilterContext, doc: JsonSource, r: ResolvedAttr, op: CompareOp | 'pr', value: CompValue): Sql {
  if (r.def.multiValued) {
    // A multi-valued attribute matches when any of its values does (RFC 7644 §3.4.2.2); without a
    // sub-attribute, a complex multi-valued attribute is compared by its `value`.
    const sub = r.sub ?? (r.def.type === 'complex' ? resolveSubAttr(r.def, 'value') : undefined);
    if (r.def.type === 'complex' && !sub) return bool(ctx, false);
    const keys = r.jsonPath.slice(0, r.sub ? -1 : undefined);
    const inner = sub ? [sub.name] : [];
    const def = sub ?? r.def;
    if (op === 'pr' && !r.sub) return nn(ctx, jsonPresent(doc, keys));
    if (op === 'ne') return sql`(NOT ${jsonAnyElement(doc, keys, (el) => cond(ctx, el, inner, def, 'eq', value))})`;
    return nn(ctx, jsonAnyElement(doc, keys, (el) => cond(ctx, el, inner, def, op, value)));
  }
  if (r.def.type === 'complex' && !r.sub) {
    if (op === 'pr') return nn(ctx, jsonPresent(doc, r.jsonPath));
    // `manager eq "id"` compares the complex attribute's `value` (RFC 7644 §3.4.2.2, as the evaluator does).
    const value_ = resolveSubAttr(r.def, 'value');
    if (!value_) return bool(ctx, false);
    return onJson(ctx, doc, { ...r, sub: value_, jsonPath: [...r.jsonPath, value_.name] }, op, value);
  }
  if (op === 'ne') return sql`(NOT ${cond(ctx, doc, r.jsonPath, leafDef(r), 'eq', value)})`;
  return cond(ctx, doc, r.jsonPath, leafDef(r), op, value);
}

// One comparison against a JSON value, never NULL.
function cond(ctx: FilterContext, src: JsonSource, keys: string[], def: AttributeDef, op: CompareOp | 'pr', value: CompValue): Sql {
  if (op === 'pr') return nn(ctx, jsonPresent(src, keys));
  value = normalizeCompValue(def, value);
  if (value === null) return op === 'eq' ? sql`(NOT ${nn(ctx, jsonPresent(src, keys))})` : bool(ctx, false);
  if (def.type === 'boolean') {
    const b = asBoolean(value);
    if (b === undefined || (op !== 'eq' && op !== 'ne')) return bool(ctx, false);
    return nn(ctx, jsonIsBoolean(src, keys, b));
  }
  if (def.type === 'integer' || def.type === 'decimal') {
    if (typeof value !== 'number') return bool(ctx, false);
    return nn(ctx, compare(ctx, jsonNumber(src, keys), op, value, false));
  }
  if (typeof value !== 'string') return bool(ctx, false);
  const text = jsonText(src, keys);
  const lower = !def.caseExact;
  return nn(ctx, compare(ctx, lower ? sql`lower(${text})` : text, op, lower ? value.toLowerCase() : value, true));
}

function onColumn(ctx: FilterContext, column: string, lower: boolean, def: AttributeDef, op: CompareOp | 'pr', value: CompValue): Sql {
  const x = sql.ref(column);
  if (op === 'pr') return nn(ctx, sql`(${x} IS NOT NULL AND ${x} <> '')`);
  if (value === null) return op === 'eq' ? sql`(${x} IS NULL)` : op === 'ne' ? sql`(${x} IS NOT NULL)` : bool(ctx, false);
  value = normalizeCompValue(def, value);
  if (typeof value !== 'string') return bool(ctx, false);
  // The lower-cased columns hold comparisonKey (NFC, lower case): `José` typed either way finds the same user.
  let v = lower ? comparisonKey(value) : value;
  if (def.type === 'dateTime' && !['co', 'sw', 'ew'].includes(op)) {
    const t = parseDateTime(value);
    if (t === undefined) return bool(ctx, false);
    v = new Date(t).toISOString();
  }
  // `x IS NOT NULL AND x = ?` is never NULL and, unlike COALESCE(x = ?, false), still lets the planner use x's index.
  // Stored dateTimes are fixed-width ISO strings, which sort the same under any collation; no COLLATE, so the index serves.
  const hit = sql`(${x} IS NOT NULL AND ${compare(ctx, x, op === 'ne' ? 'eq' : op, v, def.type !== 'dateTime')})`;
  return op === 'ne' ? sql`(NOT ${hit})` : hit;
}

function onActive(ctx: FilterContext, op: CompareOp | 'pr', value: CompValue): Sql {
  if (op === 'pr') return sql`(r.active IS NOT NULL)`;
  const b = asBoolean(value);
  if (b === undefined || (op !== 'eq' && op !== 'ne')) return value === null && op === 'eq' ? sql`(r.active IS NULL)` : bool(ctx, false);
  const eq = sql`(r.active IS NOT NULL AND r.active = ${b ? 1 : 0})`;
  return op === 'eq' ? eq : sql`(NOT ${eq})`;
}

// Multi-valued attributes kept in their own indexed table (e-mails, memberships): `r.id IN (SELECT owner …)`,
// so `emails.value eq` starts from the value index instead of visiting every user.
function onSideTable(ctx: FilterContext, owners: Sql, column: string, lower: boolean, op: CompareOp | 'pr', value: CompValue): Sql {
  if (op === 'pr') return sql`(r.id IN (${owners}))`;
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') return bool(ctx, false);
  const v = lower ? value.toLowerCase() : value;
  const hit = sql`(r.id IN (${owners} AND ${compare(ctx, sql.ref(column), op === 'ne' ? 'eq' : op, v, true)}))`;
  return op === 'ne' ? sql`(NOT ${hit})` : hit;
}

// `emails[type eq "work" and value co "@x"]`: the inner filter applies to each element of the attribute.
function valuePath(ctx: FilterContext, path: AttrPath, inner: Filter): Sql {
  const r = resolveAttrPath(ctx.kind, path);
  if (!r || r.sub || r.def.type !== 'complex') return bool(ctx, false);
  const parent = r.def;
  if (!r.extension && ctx.kind === 'Group' && parent.name === 'members') return membersValuePath(ctx, inner);
  const doc: JsonSource = { dialect: ctx.dialect, expr: sql`r.doc` };
  if (!parent.multiValued) return elementFilter(ctx, { dialect: ctx.dialect, expr: sql`${jsonNodeExpr(ctx, doc, r.jsonPath)}` }, parent, inner);
  return nn(ctx, jsonAnyElement(doc, r.jsonPath, (el) => elementFilter(ctx, el, parent, inner)));
}

function jsonNodeExpr(ctx: FilterContext, doc: JsonSource, keys: string[]): Sql {
  if (ctx.dialect === 'postgres') return sql`(${doc.expr} #> ${keys}::text[])`;
  return sql`json_extract(${doc.expr}, ${'$' + keys.map((k) => `."${k}"`).join('')})`;
}

function elementFilter(ctx: FilterContext, el: JsonSource, parent: AttributeDef, f: Filter): Sql {
  switch (f.kind) {
    case 'and':
      return sql`(${elementFilter(ctx, el, parent, f.left)} AND ${elementFilter(ctx, el, parent, f.right)})`;
    case 'or':
      return sql`(${elementFilter(ctx, el, parent, f.left)} OR ${elementFilter(ctx, el, parent, f.right)})`;
    case 'not':
      return sql`(NOT ${elementFilter(ctx, el, parent, f.filter)})`;
    case 'valuePath':
      return bool(ctx, false);
    case 'present':
    case 'compare': {
      const sub = resolveSubAttr(parent, f.path.sub ?? f.path.attr);
      if (!sub || (f.path.sub && f.path.attr.toLowerCase() !== parent.name.toLowerCase())) return bool(ctx, false);
      const op = f.kind === 'present' ? 'pr' : f.op;
      const value = f.kind === 'present' ? null : f.value;
      if (op === 'ne') return sql`(NOT ${cond(ctx, el, [sub.name], sub, 'eq', value)})`;
      return cond(ctx, el, [sub.name], sub, op, value);
    }
  }
}

// members[value eq "x"] / members[type eq "User"]: answered from the memberships table.
function membersValuePath(ctx: FilterContext, f: Filter): Sql {
  return sql`(r.id IN (SELECT t.group_id FROM memberships t WHERE t.tenant_id = ${ctx.tenantId} AND ${memberCond(ctx, f)}))`;
}

function memberCond(ctx: FilterContext, f: Filter): Sql {
  switch (f.kind) {
    case 'and':
      return sql`(${memberCond(ctx, f.left)} AND ${memberCond(ctx, f.right)})`;
    case 'or':
      return sql`(${memberCond(ctx, f.left)} OR ${memberCond(ctx, f.right)})`;
    case 'not':
      return sql`(NOT ${memberCond(ctx, f.filter)})`;
    case 'valuePath':
      return bool(ctx, false);
    case 'present':
    case 'compare': {
      const name = (f.path.sub ?? f.path.attr).toLowerCase();
      const column = name === 'value' ? 't.member_id' : name === 'type' ? 't.member_type' : undefined;
      if (!column) return bool(ctx, false);
      if (f.kind === 'present') return bool(ctx, true);
      if (typeof f.value !== 'string') return bool(ctx, false);
      if (f.op === 'ne') return sql`(NOT ${nn(ctx, compare(ctx, sql.ref(column), 'eq', f.value, true))})`;
      return nn(ctx, compare(ctx, sql.ref(column), f.op, f.value, true));
    }
  }
}

