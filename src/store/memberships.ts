import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Filter } from '../scim/filter/ast.js';
import { scimError } from '../scim/errors.js';
import type { DialectName } from './dialect.js';
import type { Database } from './tables.js';
import { BUDGET_FUNCTION, type ReadPlan, type Row, type Statement } from './reader.js';
import type { GroupRef, MemberRef } from './member-refs.js';
import { compileStatement } from './sql-text.js';

/** A change to a group's member list, in the order a PATCH or PUT asked for it. */
export type MembershipChange =
  | { op: 'add'; members: { value: string; type?: string }[] }
  | { op: 'remove'; values: string[] }
  | { op: 'removeWhere'; filter: Filter }
  | { op: 'replace'; members: { value: string; type?: string }[] }
  | { op: 'removeAll' };

/** One membership row that a write inserted or deleted. */
export interface MemberDelta {
  op: 'add' | 'remove';
  memberId: string;
  memberType: string;
}

/** Decides whether a loaded member matches a `members[...]` filter (the SCIM core's evaluator, injected). */
export type MemberMatcher = (member: MemberRef, filter: Filter) => boolean;

type Q = Transaction<Database> | Kysely<Database>;

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The members of one group with their display names, in a stable order, inside a write transaction. */
export async function loadMembers(db: Q, tenantId: string, groupId: string): Promise<MemberRef[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .leftJoin('resources as r', (j) => j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.member_id'))
    .select(['m.member_id', 'm.member_type', 'r.display_name', 'r.user_name'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.group_id', '=', groupId)
    .orderBy('m.member_id')
    .execute();
  return rows.map(memberRef);
}

/** The statement reading the direct groups of a page of users (a heavy page, or one behind an OFFSET). */
export function groupsOfStatement(dialect: DialectName, tenantId: string, userIds: string[]): Statement {
  return compileStatement(
    dialect,
    sql`SELECT m.member_id, m.group_id, g.display_name FROM memberships m JOIN resources g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
      WHERE m.tenant_id = ${tenantId} AND m.member_id IN (${sql.join(userIds)}) ORDER BY g.display_name_lc, m.group_id`,
  );
}

/** The rows of groupsOfStatement, by user. */
export function groupsByMember(rows: Row[]): Map<string, GroupRef[]> {
  const out = new Map<string, GroupRef[]>();
  for (const r of rows) {
    const list = out.get(r.member_id as string) ?? [];
    if (!list.length) out.set(r.member_id as string, list);
    list.push({ value: r.group_id as string, ...(r.display_name ? { display: r.display_name as string } : {}) });
  }
  return out;
}

/**
 * The read of the members of some groups, for responses: a group may have a million members, so this is a
 * heavy read (off the event loop on SQLite), whose statements call the budget function when `budget` is set.
 */
export function* membersPlan(dialect: DialectName, tenantId: string, groupIds: string[], budget: boolean): ReadPlan<Map<string, MemberRef[]>> {
  const out = new Map<string, MemberRef[]>();
  for (const groupId of groupIds) {
    const rows = yield compileStatement(
      dialect,
      sql`SELECT m.member_id, m.member_type, r.display_name, r.user_name FROM memberships m
        LEFT JOIN resources r ON r.tenant_id = m.tenant_id AND r.id = m.member_id
        WHERE ${budget ? sql.raw(`${BUDGET_FUNCTION}() AND `) : sql``}m.tenant_id = ${tenantId} AND m.group_id = ${groupId} ORDER BY m.member_id`,
    );
    out.set(groupId, rows.map(memberRef));
  }
  return out;
}

function memberRef(r: Record<string, unknown>): MemberRef {
  const display = (r.display_name ?? r.user_name ?? undefined) as string | undefined;
  return { value: r.member_id as string, type: r.member_type as MemberRef['type'], ...(display ? { display } : {}) };
}

/**
 * A correlated subquery giving the direct groups of the resource row `r` as a JSON array, so a read
 * of users (a page of a list, or one user) is one statement rather than one for the rows and more for
 * their groups: on a machine where each statement costs tens of microseconds, that is most of a lookup.
 * On SQLite the array is unordered and carries each group's sort key (`k`): an ORDER BY inside
 * json_group_array builds a temporary B-tree on every run, 6–7 µs of a 25 µs lookup even for a user in
 * no group; groupsFromColumn sorts instead, the same way.
 */
export function groupsOfRowSql(dialect: DialectName): RawBuilder<unknown> {
  const from = sql`FROM memberships m JOIN resources g ON g.tenant_id = m.tenant_id AND g.id = m.group_id WHERE m.tenant_id = r.tenant_id AND m.member_id = r.id`;
  return dialect === 'postgres'
    ? sql`(SELECT coalesce(jsonb_agg(jsonb_build_object('value', m.group_id, 'display', g.display_name) ORDER BY g.display_name_lc, m.group_id), '[]'::jsonb) ${from})`
    : sql`(SELECT json_group_array(json_object('value', m.group_id, 'display', g.display_name, 'k', g.display_name_lc)) ${from})`;
}

type GroupCell = { value: string; display: string | null; k?: string | null };

// A key's UTF-16 unit moved so that units compare in code point order: surrogates (U+10000 and above)
// after U+E000..U+FFFF, as in UTF-8, whose byte order is SQLite's BINARY order.
const inCodePointOrder = (u: number) => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);

/** Compares two strings as SQLite's BINARY collation does (UTF-8 bytes, so code points); JS's `<` differs above U+FFFF. */
export function compareBinary(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return inCodePointOrder(x) - inCodePointOrder(y);
  }
  return a.length - b.length;
}

// SQLite's order of a user's groups: by lower-cased display name (a missing one first, as NULL sorts), then id.
function byKeyThenId(x: GroupCell, y: GroupCell): number {
  if (x.k !== y.k) {
    if (x.k == null) return -1;
    if (y.k == null) return 1;
    return compareBinary(x.k, y.k);
  }
  return compareBinary(x.value, y.value);
}

/** Reads the column `groupsOfRowSql` produced (JSON text on SQLite, sorted here; parsed and sorted jsonb on PostgreSQL). */
export function groupsFromColumn(value: unknown): GroupRef[] {
  const list = (typeof value === 'string' ? JSON.parse(value) : value) as GroupCell[];
  if (list.length > 1 && typeof value === 'string') list.sort(byKeyThenId);
  return list.map((g) => (g.display ? { value: g.value, display: g.display } : { value: g.value }));
}

// Looks up the would-be members: each must be a user or group of this tenant, and a group may not contain itself.
async function resolveMembers(db: Q, tenantId: string, groupId: string, members: { value: string }[]): Promise<{ value: string; type: string }[]> {
  const ids = [...new Set(members.map((m) => m.value))];
  if (ids.includes(groupId)) throw scimError.invalidValue(`A group cannot be a member of itself (${groupId}).`);
  const found = new Map<string, string>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('resources').select(['id', 'type']).where('tenant_id', '=', tenantId).where('id', 'in', part).execute();
    for (const r of rows) found.set(r.id, r.type);
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
    throw scimError.invalidValue(`Member(s) not found in this tenant: ${shown}.`);
  }
  return ids.map((id) => ({ value: id, type: found.get(id)! }));
}

async function insertMembers(db: Q, tenantId: string, groupId: string, members: { value: string; type: string }[]): Promise<MemberDelta[]> {
  const out: MemberDelta[] = [];
  for (const part of chunks(members)) {
    const rows = await db
      .insertInto('memberships')
      .values(part.map((m) => ({ tenant_id: tenantId, group_id: groupId, member_id: m.value, member_type: m.type })))
      .onConflict((oc) => oc.columns(['tenant_id', 'group_id', 'member_id']).doNothing())
      .returning(['member_id', 'member_type'])
      .execute();
    for (const r of rows) out.push({ op: 'add', memberId: r.member_id, memberType: r.member_type });
  }
  return out;
}

async function deleteMembers(db: Q, tenantId: string, groupId: string, values: string[]): Promise<MemberDelta[]> {
  const out: MemberDelta[] = [];
  for (const part of chunks([...new Set(values)])) {
    const rows = await db
      .deleteFrom('memberships')
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .where('member_id', 'in', part)
      .returning(['member_id', 'member_type'])
      .execute();
    for (const r of rows) out.push({ op: 'remove', memberId: r.member_id, memberType: r.member_type });
  }
  return out;
}

/**
 * Applies member changes to one group with statements that touch only the named members, so
 * adding one member to a 100,000-member group costs what it costs for a 10-member group.
 * Adding a present member or removing an absent one changes nothing and is not an error.
 * Returns the rows actually inserted or deleted, in order, for the membership change log.
 */
export async function applyMembershipChanges(db: Q, tenantId: string, groupId: string, changes: MembershipChange[], matcher: MemberMatcher): Promise<MemberDelta[]> {
  const deltas: MemberDelta[] = [];
  for (const c of changes) {
    switch (c.op) {
      case 'add':
        if (c.members.length) deltas.push(...(await insertMembers(db, tenantId, groupId, await resolveMembers(db, tenantId, groupId, c.members))));
        break;
      case 'remove':
        if (c.values.length) deltas.push(...(await deleteMembers(db, tenantId, groupId, c.values)));
        break;
      case 'removeWhere': {
        const all = await loadMembers(db, tenantId, groupId);
        deltas.push(...(await deleteMembers(db, tenantId, groupId, all.filter((m) => matcher(m, c.filter)).map((m) => m.value))));
        break;
      }
      case 'removeAll':
        deltas.push(...(await removeAllMembers(db, tenantId, groupId)));
        break;
      case 'replace': {
        const wanted = await resolveMembers(db, tenantId, groupId, c.members);
        const wantedIds = new Set(wanted.map((m) => m.value));
        const current = await db.selectFrom('memberships').select('member_id').where('tenant_id', '=', tenantId).where('group_id', '=', groupId).execute();
        deltas.push(...(await deleteMembers(db, tenantId, groupId, current.map((r) => r.member_id).filter((id) => !wantedIds.has(id)))));
        deltas.push(...(await insertMembers(db, tenantId, groupId, wanted)));
        break;
      }
    }
  }
  return deltas;
}

/** Empties a group (a `removeAll`, or the group's own deletion); returns the members it had. */
export async function removeAllMembers(db: Q, tenantId: string, groupId: string): Promise<MemberDelta[]> {
  const rows = await db.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('group_id', '=', groupId).returning(['member_id', 'member_type']).execute();
  return rows.map((r) => ({ op: 'remove' as const, memberId: r.member_id, memberType: r.member_type }));
}

/**
 * Writes a group's member deltas to the membership change log under the seq of the write that made
 * them. Called after allocateSeq in the same transaction, so the log is ordered and gap-free by the
 * same argument as the change feed (change-feed.ts).
 */
export async function logMembershipChanges(db: Q, tenantId: string, seq: number, entries: { groupId: string; delta: MemberDelta }[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    const part = entries.slice(i, i + CHUNK);
    await db
      .insertInto('membership_changes')
      .values(part.map((e, j) => ({ tenant_id: tenantId, seq, n: i + j, group_id: e.groupId, member_id: e.delta.memberId, member_type: e.delta.memberType, op: e.delta.op })))
      .execute();
  }
}

/** Removes a deleted resource from every group it belonged to; returns those groups' ids, sorted (lock order). */
export async function removeFromAllGroups(db: Q, tenantId: string, memberId: string): Promise<string[]> {
  const rows = await db.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('member_id', '=', memberId).returning('group_id').execute();
  return rows.map((r) => r.group_id).sort();
}

/** A logged membership change, as the change log's readers see it. */
export interface MembershipChangeRow {
  seq: number;
  groupId: string;
  memberId: string;
  memberType: 'User' | 'Group';
  op: 'add' | 'remove';
}

/**
 * The membership changes of a tenant with after < seq <= upTo, in commit order, at most `limit` rows
 * after the (seq, n) position `from` (for paging through a large write). Reads only the changed rows.
 */
export async function membershipChangesSince(db: Q, tenantId: string, after: number, upTo: number, limit: number, from?: { seq: number; n: number }): Promise<(MembershipChangeRow & { n: number })[]> {
  let q = db
    .selectFrom('membership_changes')
    .select(['seq', 'n', 'group_id', 'member_id', 'member_type', 'op'])
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', after)
    .where('seq', '<=', upTo);
  if (from) q = q.where((eb) => eb.or([eb('seq', '>', from.seq), eb.and([eb('seq', '=', from.seq), eb('n', '>', from.n)])]));
  const rows = await q.orderBy('seq').orderBy('n').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), n: r.n, groupId: r.group_id, memberId: r.member_id, memberType: r.member_type as 'User' | 'Group', op: r.op }));
}

/** The direct members of a group, ids and types only (no join), in id order, for whole-group reads. */
export async function memberIdsOf(db: Q, tenantId: string, groupId: string): Promise<{ id: string; type: 'User' | 'Group' }[]> {
  const rows = await db.selectFrom('memberships').select(['member_id', 'member_type']).where('tenant_id', '=', tenantId).where('group_id', '=', groupId).orderBy('member_id').execute();
  return rows.map((r) => ({ id: r.member_id, type: r.member_type as 'User' | 'Group' }));
}

/** The groups a user or group is a direct member of: an upward step that reads one index range. */
export async function groupIdsOf(db: Q, tenantId: string, memberId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('group_id').where('tenant_id', '=', tenantId).where('member_id', '=', memberId).execute();
  return rows.map((r) => r.group_id);
}
