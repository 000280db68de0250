import { CompiledQuery } from 'kysely';

// The statements of SQLite's write steps (resource-write-steps.ts; the sequence number is change-feed.ts's
// allocateSeq), as text made once per shape. Building and compiling them with Kysely's query builder on
// every write was about 5 % of a PATCH's CPU on SQLite,
// where a statement costs no round trip; one text object per shape also lets the statement cache
// (sqlite-statement-cache.ts) find it without hashing a new string each time.

// Shapes are the column lists our own code writes, so they are few; the cap only guards against a mistake.
const MAX_SHAPES = 500;
const texts = new Map<string, string>();

// Columns come from our own row objects, never from a client; the check keeps it that way.
function quoted(column: string): string {
  if (!/^[a-z_]+$/.test(column)) throw new Error(`not a column name: ${column}`);
  return `"${column}"`;
}

function textOf(key: string, make: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = make();
    if (texts.size < MAX_SHAPES) texts.set(key, text);
  }
  return text;
}

// The columns of a row that carry a value: Kysely leaves out undefined values, and so does this.
function definedColumns(row: Record<string, unknown>): string[] {
  return Object.keys(row).filter((c) => row[c] !== undefined);
}

/** `INSERT INTO table (…) VALUES (…), …` of rows with the same columns. */
export function insertQuery(table: 'resources' | 'resource_emails' | 'audit_log', rows: Record<string, unknown>[]): CompiledQuery {
  const columns = definedColumns(rows[0]!);
  const text = textOf(`i ${table} ${rows.length} ${columns.join(',')}`, () => {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    return `insert into "${table}" (${columns.map(quoted).join(', ')}) values ${Array.from(rows, () => tuple).join(', ')}`;
  });
  const parameters: unknown[] = [];
  for (const r of rows) for (const c of columns) parameters.push(r[c]);
  return CompiledQuery.raw(text, parameters);
}

/** `UPDATE resources SET … WHERE tenant_id = ? AND id = ?`: one resource's changed columns. */
export function updateResourceQuery(tenantId: string, id: string, set: Record<string, unknown>): CompiledQuery {
  const columns = definedColumns(set);
  const text = textOf(`u ${columns.join(',')}`, () => `update "resources" set ${columns.map((c) => `${quoted(c)} = ?`).join(', ')} where "tenant_id" = ? and "id" = ?`);
  const parameters: unknown[] = columns.map((c) => set[c]);
  parameters.push(tenantId, id);
  return CompiledQuery.raw(text, parameters);
}
