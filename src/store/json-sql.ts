import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './dialect.js';

/** A SQL expression holding JSON (the resource document, or one element of an array in it). */
export interface JsonSource {
  dialect: DialectName;
  expr: RawBuilder<unknown>;
}

// Keys become a bound parameter (a JSON path string on SQLite, a text[] on PostgreSQL), never SQL text,
// so even a hostile attribute name cannot change the query.
function sqlitePath(keys: string[]): string {
  return '$' + keys.map((k) => '."' + k.replace(/"/g, '') + '"').join('');
}

/** The value at keys as SQL text (or the SQL number/boolean SQLite returns), NULL when absent. */
export function jsonText(src: JsonSource, keys: string[]): RawBuilder<unknown> {
  if (keys.length === 0) return src.dialect === 'postgres' ? sql`(${src.expr} #>> '{}')` : src.expr;
  return src.dialect === 'postgres' ? sql`(${src.expr} #>> ${keys}::text[])` : sql`json_extract(${src.expr}, ${sqlitePath(keys)})`;
}

/** True when the value at keys is the JSON boolean given. */
export function jsonIsBoolean(src: JsonSource, keys: string[], value: boolean): RawBuilder<unknown> {
  const want = value ? 'true' : 'false';
  if (src.dialect === 'postgres') return sql`(jsonb_typeof(${jsonNode(src, keys)}) = 'boolean' AND ${jsonText(src, keys)} = ${want})`;
  return keys.length === 0 ? sql`(${src.expr} = ${value ? 1 : 0})` : sql`(json_type(${src.expr}, ${sqlitePath(keys)}) = ${want})`;
}

/** The value at keys as a SQL number, NULL when absent or not a number. */
export function jsonNumber(src: JsonSource, keys: string[]): RawBuilder<unknown> {
  if (src.dialect === 'postgres') {
    const node = jsonNode(src, keys);
    return sql`(CASE WHEN jsonb_typeof(${node}) = 'number' THEN (${node} #>> '{}')::numeric END)`;
  }
  if (keys.length === 0) return sql`(CASE WHEN typeof(${src.expr}) IN ('integer','real') THEN ${src.expr} END)`;
  const p = sqlitePath(keys);
  return sql`(CASE WHEN json_type(${src.expr}, ${p}) IN ('integer','real') THEN json_extract(${src.expr}, ${p}) END)`;
}

/** True when something (not null) is at keys. */
export function jsonPresent(src: JsonSource, keys: string[]): RawBuilder<unknown> {
  if (src.dialect === 'postgres') {
    const node = jsonNode(src, keys);
    return sql`(${node} IS NOT NULL AND jsonb_typeof(${node}) <> 'null' AND ${node} NOT IN ('""'::jsonb, '[]'::jsonb, '{}'::jsonb))`;
  }
  if (keys.length === 0) return sql`(${src.expr} IS NOT NULL AND ${src.expr} <> '')`;
  const p = sqlitePath(keys);
  return sql`(json_type(${src.expr}, ${p}) IS NOT NULL AND json_type(${src.expr}, ${p}) <> 'null' AND coalesce(json_extract(${src.expr}, ${p}), 'x') NOT IN ('', '[]', '{}'))`;
}

function jsonNode(src: JsonSource, keys: string[]): RawBuilder<unknown> {
  return keys.length === 0 ? src.expr : sql`(${src.expr} #> ${keys}::text[])`;
}

/**
 * EXISTS over the elements of the array at keys: `where` receives each element as a JsonSource.
 * A missing or non-array value has no elements.
 */
export function jsonAnyElement(src: JsonSource, keys: string[], where: (el: JsonSource) => RawBuilder<unknown>): RawBuilder<unknown> {
  if (src.dialect === 'postgres') {
    const node = jsonNode(src, keys);
    const el: JsonSource = { dialect: 'postgres', expr: sql`je.value` };
    return sql`EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${node}) = 'array' THEN ${node} ELSE '[]'::jsonb END) AS je(value) WHERE ${where(el)})`;
  }
  const el: JsonSource = { dialect: 'sqlite', expr: sql`je.value` };
  return sql`EXISTS (SELECT 1 FROM json_each(${src.expr}, ${sqlitePath(keys)}) AS je WHERE json_type(${src.expr}, ${sqlitePath(keys)}) = 'array' AND ${where(el)})`;
}
