import { sql, type RawBuilder } from 'kysely';
import type { AttrPath } from '../scim/filter/ast.js';
import { leafDef, resolveAttrPath } from '../scim/schema/registry.js';
import type { FilterContext } from './filter-sql.js';
import { INDEXED_COLUMNS } from './indexed-columns.js';
import { jsonText, type JsonSource } from './json-sql.js';

type Sql = RawBuilder<unknown>;

/** A SQL expression to sort by for a `sortBy` path: an indexed column when there is one, else the JSON value. */
export function sortExpression(ctx: FilterContext, path: AttrPath): Sql | undefined {
  const r = resolveAttrPath(ctx.kind, path);
  if (!r) return undefined;
  const key = r.extension ? '' : r.jsonPath.join('.');
  const col = INDEXED_COLUMNS[key];
  if (col && (!col.kind || col.kind === ctx.kind)) return sql.ref(col.column);
  const doc: JsonSource = { dialect: ctx.dialect, expr: sql`r.doc` };
  if (r.def.multiValued) {
    // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary (here: first) value.
    const sub = r.sub?.name ?? (r.def.type === 'complex' ? 'value' : undefined);
    const keys = r.sub ? r.jsonPath.slice(0, -1) : r.jsonPath;
    const first = ctx.dialect === 'postgres' ? [...keys, '0', ...(sub ? [sub] : [])] : undefined;
    if (first) return sql`lower(${jsonText(doc, first)})`;
    return sql`lower(json_extract(r.doc, ${'$' + keys.map((k) => `."${k}"`).join('') + '[0]' + (sub ? `."${sub}"` : '')}))`;
  }
  const def = leafDef(r);
  if (def.type === 'complex') return undefined;
  const text = jsonText(doc, r.jsonPath);
  return def.caseExact || def.type !== 'string' ? text : sql`lower(${text})`;
}
