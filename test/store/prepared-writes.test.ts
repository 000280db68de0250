import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/data/store.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { MAX_NAMED, MAX_TEXT, PreparedWriteNames } from '../../src/store/postgres-prepared-writes.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';
import { userDoc } from '../support/users.js';

const UPDATE = 'update "resources" set "version" = $1 where "tenant_id" = $2 and "id" = $3';

describe('which write statements are named', () => {
  it('a write statement is named from its second use on, always with the same name', () => {
    const names = new PreparedWriteNames();
    expect(names.nameOf(UPDATE)).toBeUndefined();
    const name = names.nameOf(UPDATE);
    expect(name).toMatch(/^scimkit_w\d+$/);
    expect(names.nameOf(UPDATE)).toBe(name);
    const insert = 'insert into "audit_log" ("tenant_id") values ($1)';
    names.nameOf(insert);
    expect(names.nameOf(insert)).not.toBe(name);
  });

  it('a locking SELECT and a statement behind a WITH that writes are named, a plain read never is', () => {
    const names = new PreparedWriteNames();
    const lock = 'SELECT r.id FROM resources r WHERE r.tenant_id = $1 AND r.id = $2 FOR UPDATE OF r';
    const read = 'select * from "resources" where "tenant_id" = $1 and "display_name_lc" like $2';
    for (let i = 0; i < 3; i++) names.nameOf(read);
    names.nameOf(lock);
    expect(names.nameOf(lock)).toBeDefined();
    expect(names.nameOf(read)).toBeUndefined();
    expect(names.nameOf('begin')).toBeUndefined();
    expect(names.nameOf('begin')).toBeUndefined();
    const readWith = 'with x as (select 1) select * from x';
    names.nameOf(readWith);
    expect(names.nameOf(readWith)).toBeUndefined();
    const writeWith = 'WITH s AS (UPDATE tenants SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq) UPDATE resources SET seq = (SELECT last_seq FROM s)';
    names.nameOf(writeWith);
    expect(names.nameOf(writeWith)).toBeDefined();
  });

  it(`a text longer than ${MAX_TEXT} characters is neither named nor kept`, () => {
    const names = new PreparedWriteNames();
    const long = `insert into "memberships" ("member_id") values ${Array.from({ length: 600 }, (_, i) => `($${i + 1})`).join(', ')}`;
    expect(long.length).toBeGreaterThan(MAX_TEXT);
    for (let i = 0; i < 3; i++) expect(names.nameOf(long)).toBeUndefined();
  });

  it(`names at most ${MAX_NAMED} texts; the rest run unnamed`, () => {
    const names = new PreparedWriteNames();
    const text = (i: number) => `delete from "tombstones" where "tenant_id" = $1 and "seq" < ${i}`;
    for (let i = 0; i <= MAX_NAMED; i++) names.nameOf(text(i));
    const named = Array.from({ length: MAX_NAMED + 1 }, (_, i) => names.nameOf(text(i)));
    expect(new Set(named.slice(0, MAX_NAMED)).size).toBe(MAX_NAMED);
    expect(named[MAX_NAMED]).toBeUndefined();
    expect(names.nameOf(text(0))).toBe(named[0]);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('postgres: writes run as prepared statements', () => {
  it('the statements of repeated PATCHes are prepared on the connection, and a failed write leaves them working', async () => {
    const db = await freshDatabase('postgres');
    // One connection: the writes and the look at pg_prepared_statements share it.
    const store = await openStore(db.url, { matchMember: memberMatcher, poolSize: 1 });
    try {
      const tenant = (await store.tenants.create('prepared')).id;
      const a = await store.resources.create(tenant, 'User', userDoc('a@example.com'));
      const b = await store.resources.create(tenant, 'User', userDoc('b@example.com'));
      const rename = (id: string, displayName: string) =>
        store.resources.update(tenant, 'User', id, (cur) => ({ doc: { ...cur.doc, displayName } }), { audit: { tokenId: null, clientIp: null, actor: null, bulkOp: null, method: 'PATCH', path: `/Users/${id}`, status: 200 } });
      for (let i = 0; i < 4; i++) await rename(a.id, `A ${i}`);
      const { rows } = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'scimkit_w%'`.execute(store.db.kysely);
      // The PATCH's row, audit record and sequence number are one statement, behind WITH clauses that write.
      const patch = rows.find((r) => /UPDATE resources SET/.test(r.statement));
      expect(patch?.statement).toMatch(/^WITH a AS \(INSERT INTO "audit_log"[\s\S]*s AS \(UPDATE tenants SET last_seq/);
      expect(rows.some((r) => /for update of r\s*$/i.test(r.statement))).toBe(true);

      // A write that fails (b takes a's userName) inside a named statement undoes itself; the next ones work.
      await expect(store.resources.update(tenant, 'User', b.id, (cur) => ({ doc: { ...cur.doc, userName: 'A@example.com' } }))).rejects.toMatchObject({ status: 409 });
      await rename(b.id, 'B 1');
      await rename(a.id, 'A last');
      expect((await store.resources.get(tenant, 'User', a.id))?.doc.displayName).toBe('A last');
      const bNow = await store.resources.get(tenant, 'User', b.id);
      expect(bNow?.doc.userName).toBe('b@example.com');
      expect(bNow?.version).toBe(2);
      const feed = await store.resources.changesSince(tenant, 0);
      expect(feed.changes.map((c) => c.seq)).toEqual([...feed.changes.map((c) => c.seq)].sort((x, y) => x - y));
      expect(feed.nextSeq).toBe(2 + 4 + 2);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
