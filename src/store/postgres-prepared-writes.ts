import type pg from 'pg';

/**
 * How many write statements get a name, per database handle. Each is parsed and planned once per connection
 * and kept there, so this bounds what the connections hold; a write's texts are few (an UPDATE per set of
 * changed columns, an INSERT per row count), and the rest run unnamed as before.
 */
export const MAX_NAMED = 200;
// How many texts are counted while they wait for their second use; a text seen once is not named.
const MAX_COUNTED = 2_000;
// The longest text named or counted, so the counted texts stay small: longer ones are INSERTs of many rows
// (an import, a large group's members), whose parsing is little beside their rows.
export const MAX_TEXT = 4_096;
// The statements of writes: INSERT, UPDATE and DELETE (also behind a WITH clause that writes), and a
// SELECT that locks the rows it reads. They find their rows by key, so one plan suits every value;
// PostgreSQL still plans a named statement's first five runs for their values, and keeps a generic plan
// only when it is estimated to cost no more.
const WRITE = /^\s*(with\s+\w+\s+as\s+\(\s*)?(insert|update|delete)\b|\bfor update( of \w+)?\s*$/i;

/**
 * The names of the write statements that repeat. A write's statements come from Kysely as text and values;
 * sent unnamed, PostgreSQL parses and plans each anew, which was 0.6 ms of the 1.05 ms a PATCH spent
 * in the database. A text used a second time gets a name, and from then on each connection parses
 * and plans it once.
 */
export class PreparedWriteNames {
  private readonly names = new Map<string, string>();
  private readonly seen = new Set<string>();

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= MAX_NAMED || text.length > MAX_TEXT || !WRITE.test(text)) return name;
    if (!this.seen.has(text)) {
      if (this.seen.size < MAX_COUNTED) this.seen.add(text);
      return undefined;
    }
    this.seen.delete(text);
    const next = `scimkit_w${this.names.size}`;
    this.names.set(text, next);
    return next;
  }
}

/**
 * pg's Client, with the write statements that repeat sent as named prepared statements (see
 * PreparedWriteNames). Handed to the pool as its `Client`, so every connection Kysely gets behaves so.
 */
export function clientWithPreparedWrites(Base: typeof pg.Client, names: PreparedWriteNames): typeof pg.Client {
  const query = Base.prototype.query as unknown as (this: pg.Client, ...args: unknown[]) => never;
  class PreparingClient extends Base {
    override query(...args: unknown[]): never {
      const [text, values, callback] = args;
      if (typeof text === 'string' && Array.isArray(values) && callback === undefined) {
        const name = names.nameOf(text);
        if (name) return query.call(this, { name, text, values });
      }
      return query.apply(this, args);
    }
  }
  return PreparingClient as unknown as typeof pg.Client;
}
