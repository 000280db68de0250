import { describe, expect, it } from 'vitest';
import { insertQuery, updateResourceQuery } from './sqlite-write-statements.js';

describe('SQLite write statements', () => {
  it('inserts rows with their defined columns, in the order of the row, one tuple a row', () => {
    const q = insertQuery('resource_emails', [
      { tenant_id: 't', resource_id: 'r', value_lc: 'a@x', skipped: undefined },
      { tenant_id: 't', resource_id: 'r', value_lc: 'b@x', skipped: undefined },
    ]);
    expect(q.sql).toBe('insert into "resource_emails" ("tenant_id", "resource_id", "value_lc") values (?, ?, ?), (?, ?, ?)');
    expect(q.parameters).toEqual(['t', 'r', 'a@x', 't', 'r', 'b@x']);
  });

  it('updates the given columns of one resource, the key last', () => {
    const q = updateResourceQuery('t1', 'id1', { seq: 7, display_name: 'B', display_name_lc: 'b', version: 2, external_id: undefined });
    expect(q.sql).toBe('update "resources" set "seq" = ?, "display_name" = ?, "display_name_lc" = ?, "version" = ? where "tenant_id" = ? and "id" = ?');
    expect(q.parameters).toEqual([7, 'B', 'b', 2, 't1', 'id1']);
  });

  it('makes each shape\'s text once, and a new shape gets its own', () => {
    const a = updateResourceQuery('t', 'x', { seq: 1, doc: '{}' });
    const b = updateResourceQuery('u', 'y', { seq: 2, doc: '[]' });
    const c = updateResourceQuery('u', 'y', { seq: 2, version: 3 });
    expect(b.sql).toBe(a.sql);
    expect(Object.is(a.sql, b.sql)).toBe(true);
    expect(c.sql).not.toBe(a.sql);
    expect(b.parameters).toEqual([2, '[]', 'u', 'y']);
  });

  it('refuses a key that is not a plain column name', () => {
    expect(() => updateResourceQuery('t', 'x', { 'doc" = 1, "seq': 1 })).toThrow(/not a column name/);
    expect(() => insertQuery('audit_log', [{ 'at) values (1); --': 1 }])).toThrow(/not a column name/);
  });
});
