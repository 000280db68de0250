import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { ResourceKind } from '../scim/schema/types.js';
import type { DialectName } from './dialect.js';
import type { Database } from './tables.js';
import { rowCount } from './sql-text.js';

/** One entry of a tenant's change feed: the resource's latest state is `upsert`, a deleted one is `delete`. */
export interface Change {
  seq: number;
  op: 'upsert' | 'delete';
  kind: ResourceKind;
  id: string;
}

/** A page of changes and the watermark to ask from next. */
export interface ChangePage {
  changes: Change[];
  /** Pass this as `afterSeq` for the next page; equal to the input when nothing new was committed. */
  nextSeq: number;
  /** True when this page was cut at the limit and more changes are waiting. */
  more: boolean;
}

/**
 * Hands out `count` consecutive sequence numbers for a write, returning the first.
 *
 * Why this cannot skip: the UPDATE takes the tenant row's lock and holds it until the writing
 * transaction commits, so a second writer of the same tenant waits here and gets larger numbers
 * only after the first has committed. Within a tenant, sequence order is commit order, and a
 * reader that has seen seq N has seen everything below N. Call it last in a transaction, so the
 * lock is held only for the final statements and the commit.
 */
export async function allocateSeq(trx: Transaction<Database> | Kysely<Database>, dialect: DialectName, tenantId: string, count = 1): Promise<number> {
  // Fixed text, not Kysely's builder: every write of a resource runs this (see sqlite-write-statements.ts).
  const { rows } = await trx.executeQuery<{ last_seq: number }>(CompiledQuery.raw(ALLOCATE_SEQ[dialect], [count, tenantId]));
  if (!rows[0]) throw new Error(`no tenant ${tenantId}`);
  return Number(rows[0].last_seq) - count + 1;
}

const ALLOCATE_SEQ: Record<DialectName, string> = {
  sqlite: 'update "tenants" set "last_seq" = "last_seq" + ? where "id" = ? returning "last_seq"',
  postgres: 'update "tenants" set "last_seq" = "last_seq" + $1 where "id" = $2 returning "last_seq"',
};

/** The tenant's changes after a sequence number, oldest first, at most `limit`: the feed incremental sync reads. */
export async function changesSince(db: Kysely<Database>, tenantId: string, afterSeq: number, limit = 500): Promise<ChangePage> {
  const rows = await sql<{ seq: number | string; op: string; type: string; id: string }>`
    SELECT seq, op, type, id FROM (
      SELECT seq, 'upsert' AS op, type, id FROM resources WHERE tenant_id = ${tenantId} AND seq > ${afterSeq}
      UNION ALL
      SELECT seq, 'delete' AS op, type, id FROM tombstones WHERE tenant_id = ${tenantId} AND seq > ${afterSeq}
    ) c ORDER BY seq LIMIT ${rowCount(limit + 1)}`.execute(db);
  const more = rows.rows.length > limit;
  const changes = rows.rows.slice(0, limit).map((r) => ({ seq: Number(r.seq), op: r.op as Change['op'], kind: r.type as ResourceKind, id: r.id }));
  return { changes, nextSeq: changes.length ? changes[changes.length - 1]!.seq : afterSeq, more };
}
