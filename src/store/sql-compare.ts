import { sql, type RawBuilder } from 'kysely';
import type { CompValue, CompareOp } from '../scim/filter/ast.js';
import type { DialectName } from './dialect.js';

type Sql = RawBuilder<unknown>;

/** A SQL boolean literal in the database's own spelling. */
export function bool(ctx: { dialect: DialectName }, value: boolean): Sql {
  return ctx.dialect === 'postgres' ? sql.raw(value ? 'TRUE' : 'FALSE') : sql.raw(value ? '1' : '0');
}

/** Turns a NULL outcome into false, so `not` of a missing attribute is true as in the in-memory evaluator. */
export function nn(ctx: { dialect: DialectName }, expr: Sql): Sql {
  return sql`COALESCE(${expr}, ${bool(ctx, false)})`;
}

/** One SCIM comparison operator as SQL; text ordering is byte order on PostgreSQL too, as in the evaluator. */
export function compare(ctx: { dialect: DialectName }, x: Sql, op: CompareOp, v: string | number, isText: boolean): Sql {
  const pg = ctx.dialect === 'postgres';
  const ord = isText && pg ? sql`${x} COLLATE "C"` : x;
  switch (op) {
    case 'eq':
      return sql`(${x} = ${v})`;
    case 'ne':
      return sql`(${x} <> ${v})`;
    case 'co':
      return pg ? sql`(strpos(${x}, ${v}) > 0)` : sql`(instr(${x}, ${v}) > 0)`;
    case 'sw':
      return pg ? sql`(left(${x}, ${String(v).length}) = ${v})` : sql`(substr(${x}, 1, ${String(v).length}) = ${v})`;
    case 'ew':
      return pg ? sql`(right(${x}, ${String(v).length}) = ${v})` : sql`(substr(${x}, ${-String(v).length}) = ${v})`;
    case 'gt':
      return sql`(${ord} > ${v})`;
    case 'ge':
      return sql`(${ord} >= ${v})`;
    case 'lt':
      return sql`(${ord} < ${v})`;
    case 'le':
      return sql`(${ord} <= ${v})`;
  }
}

/** A filter literal read as a boolean (`true`, `"True"`), or undefined. */
export function asBoolean(v: CompValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}
