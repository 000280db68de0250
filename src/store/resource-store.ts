import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { sql, type Transaction } from 'kysely';
import { isScimError, scimError } from '../scim/errors.js';
import type { ResourceKind, ScimResource } from '../scim/schema/types.js';
import { writeAuditEntries, type AuditDraft } from './audit-store.js';
import { allocateSeq, changesSince, type ChangePage } from './change-feed.js';
import type { Db } from './database.js';
import { isRetryableConflict, isUniqueViolation } from './dialect.js';
import { listResources, type ListQuery, type ListResult } from './resource-list.js';
import { byIdPlan } from './fast-lookup.js';
import { applyMembershipChanges, groupIdsOf, loadMembers, logMembershipChanges, memberIdsOf, membershipChangesSince, membersPlan, type MembershipChangeRow, removeAllMembers, removeFromAllGroups, type MemberDelta, type MemberMatcher, type MembershipChange } from './memberships.js';
import { hashPassword, isPasswordHash } from './password-hash.js';
import { columnsOf, docForStorage, emailsOf, ifMatchAccepts, readColumnsSql, rowToStored, type ReadOptions, type ReadRow, type StoredResource } from './resource-row.js';
import type { Database } from './tables.js';

/** What a PUT or PATCH computes from the current resource: the new document and the member changes. */
export interface WritePlan {
  doc: ScimResource;
  memberChanges?: MembershipChange[];
}

/** The outcome of an update: the resource after it, and whether anything changed at all. */
export interface WriteResult {
  resource: StoredResource;
  changed: boolean;
}

type Trx = Transaction<Database>;

/** Users and groups of every tenant; each method takes the tenant id first and every query carries it. */
export class ResourceStore {
  constructor(private readonly db: Db, private readonly matchMember: MemberMatcher) {}

  /** Creates a user or group (with initial members for a group); a taken userName is 409 uniqueness. */
  async create(tenantId: string, kind: ResourceKind, input: ScimResource, opts: { members?: { value: string; type?: string }[]; read?: ReadOptions; audit?: AuditDraft } = {}): Promise<StoredResource> {
    const doc = await withHashedPassword(docForStorage(input));
    const id = randomUUID();
    const now = new Date().toISOString();
    return this.run(kind, async (trx) => {
      // Everything that needs no sequence number first: the tenant row lock that allocateSeq takes is
      // held until commit, so the less that follows it, the more writers a tenant can serve.
      await this.writeEmails(trx, tenantId, id, kind, doc, false);
      const deltas = kind === 'Group' && opts.members?.length ? await applyMembershipChanges(trx, tenantId, id, [{ op: 'add', members: opts.members }], this.matchMember) : [];
      await this.audit(trx, tenantId, kind, id, now, opts.audit);
      const seq = await allocateSeq(trx, tenantId);
      if (deltas.length) await logMembershipChanges(trx, tenantId, seq, deltas.map((delta) => ({ groupId: id, delta })));
      const base = { tenant_id: tenantId, id, type: kind, version: 1, created: now, last_modified: now, ...columnsOf(kind, doc) };
      await trx.insertInto('resources').values({ ...base, seq, doc: this.json(doc) }).execute();
      const stored: StoredResource = { kind, id, doc, version: 1, created: now, lastModified: now, seq };
      // A new user belongs to no group yet: no need to ask the database.
      const read = opts.read ?? {};
      if (kind === 'User') return read.groups ? { ...stored, groups: [] } : stored;
      return this.decorate(trx, tenantId, stored, read);
    });
  }

  /** Reads one resource, or undefined when this tenant has no such resource of this kind. */
  async get(tenantId: string, kind: ResourceKind, id: string, read: ReadOptions = {}): Promise<StoredResource | undefined> {
    const row = await this.db.reader.quick(() => byIdPlan(this.db.dialect, tenantId, kind, id, kind === 'User' && !!read.groups));
    if (!row) return undefined;
    const [stored] = await this.withMembers(tenantId, [rowToStored(row as ReadRow)], read);
    return stored;
  }

  /**
   * The one write path of PUT and PATCH: locks the resource, checks If-Match, lets `plan` compute the
   * new state from the current one, and writes only when something changed (a no-op PATCH is free).
   */
  async update(tenantId: string, kind: ResourceKind, id: string, plan: (current: StoredResource) => WritePlan | Promise<WritePlan>, opts: { ifMatch?: string; read?: ReadOptions; audit?: AuditDraft } = {}): Promise<WriteResult> {
    return this.run(kind, async (trx) => {
      const current = await this.lockRow(trx, tenantId, kind, id, opts.read);
      if (opts.ifMatch !== undefined && !ifMatchAccepts(opts.ifMatch, current.version)) {
        throw scimError.preconditionFailed(`The resource's version is ${current.version}; If-Match did not match.`);
      }
      const next = await plan(current);
      const doc = await withHashedPassword(docForStorage(next.doc));
      const docChanged = !isDeepStrictEqual(doc, current.doc);
      const deltas: MemberDelta[] = next.memberChanges?.length ? await applyMembershipChanges(trx, tenantId, id, next.memberChanges, this.matchMember) : [];
      const now = new Date().toISOString();
      // A request that changed nothing is still a request: it is recorded all the same.
      await this.audit(trx, tenantId, kind, id, now, opts.audit);
      if (!docChanged && deltas.length === 0) return { resource: await this.decorate(trx, tenantId, current, opts.read ?? {}), changed: false };
      if (docChanged && !sameEmails(kind, doc, current.doc)) await this.writeEmails(trx, tenantId, id, kind, doc, true);
      // Sequence number last, and one statement after it (see create).
      const seq = await allocateSeq(trx, tenantId);
      if (deltas.length) await logMembershipChanges(trx, tenantId, seq, deltas.map((delta) => ({ groupId: id, delta })));
      const version = current.version + 1;
      const docColumns = docChanged ? { ...changedColumns(kind, current.doc, doc), doc: this.json(doc) } : {};
      await trx
        .updateTable('resources')
        .set({ ...docColumns, version, seq, last_modified: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
      const stored: StoredResource = { ...current, doc, version, seq, lastModified: now };
      return { resource: await this.decorate(trx, tenantId, stored, opts.read ?? {}), changed: true };
    });
  }

  /** Deletes a resource, leaves a tombstone, and takes it out of every group (each such group changes too). */
  async delete(tenantId: string, kind: ResourceKind, id: string, opts: { ifMatch?: string; audit?: AuditDraft } = {}): Promise<void> {
    await this.run(kind, async (trx) => {
      const current = await this.lockRow(trx, tenantId, kind, id);
      if (opts.ifMatch !== undefined && !ifMatchAccepts(opts.ifMatch, current.version)) {
        throw scimError.preconditionFailed(`The resource's version is ${current.version}; If-Match did not match.`);
      }
      const parents = await removeFromAllGroups(trx, tenantId, id);
      const emptied = kind === 'Group' ? await removeAllMembers(trx, tenantId, id) : [];
      await trx.deleteFrom('resource_emails').where('tenant_id', '=', tenantId).where('resource_id', '=', id).execute();
      const now = new Date().toISOString();
      await this.audit(trx, tenantId, kind, id, now, opts.audit);
      // Lock the affected groups in id order before the tenant row, so concurrent deletes cannot deadlock.
      for (const g of parents) await this.lockRow(trx, tenantId, 'Group', g).catch(() => undefined);
      const first = await allocateSeq(trx, tenantId, 1 + parents.length);
      // After the tenant row's lock, as in create: the row's delete trigger updates the tenant's resource
      // count (migration 006), and every writer must take the two locks in the same order.
      await trx.deleteFrom('resources').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      await trx.insertInto('tombstones').values({ tenant_id: tenantId, id, type: kind, seq: first, deleted_at: now }).execute();
      // The log records every membership that ended: the deleted group's own members under its tombstone's
      // seq, and its place in each parent group under that group's new seq.
      if (emptied.length) await logMembershipChanges(trx, tenantId, first, emptied.map((delta) => ({ groupId: id, delta })));
      for (const [i, g] of parents.entries()) {
        await logMembershipChanges(trx, tenantId, first + 1 + i, [{ groupId: g, delta: { op: 'remove', memberId: id, memberType: kind } }]);
        await trx
          .updateTable('resources')
          .set((eb) => ({ version: eb('version', '+', 1), seq: first + 1 + i, last_modified: now }))
          .where('tenant_id', '=', tenantId)
          .where('id', '=', g)
          .execute();
      }
    });
  }

  /** A filtered, sorted page of resources (index or RFC 9865 cursor paging). */
  async list(tenantId: string, kind: ResourceKind, query: ListQuery): Promise<ListResult> {
    const result = await listResources(this.db, tenantId, kind, query);
    const resources = await this.withMembers(tenantId, result.resources, query.read ?? {});
    return { ...result, resources };
  }

  /** The tenant's change feed after a sequence number (see change-feed.ts for why it never skips). */
  changesSince(tenantId: string, afterSeq: number, limit?: number): Promise<ChangePage> {
    return changesSince(this.db.kysely, tenantId, afterSeq, limit);
  }

  /** Many resources by id in one statement per 500 (missing ids are left out): the engine reads a feed page this way. */
  async getMany(tenantId: string, ids: string[]): Promise<StoredResource[]> {
    const out: StoredResource[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const { rows } = await sql<ReadRow>`
        SELECT ${readColumnsSql(this.db.dialect, false)} FROM resources r
        WHERE r.tenant_id = ${tenantId} AND r.id IN (${sql.join(part)})`.execute(this.db.kysely);
      out.push(...rows.map(rowToStored));
    }
    return out;
  }

  /** The membership change log (see memberships.ts): which members changed with after < seq <= upTo, in order. */
  membershipChangesSince(tenantId: string, after: number, upTo: number, limit = 1000, from?: { seq: number; n: number }): Promise<(MembershipChangeRow & { n: number })[]> {
    return membershipChangesSince(this.db.kysely, tenantId, after, upTo, limit, from);
  }

  /** A group's direct members, ids and types only: for reading a whole group when a whole group is needed. */
  memberIds(tenantId: string, groupId: string): Promise<{ id: string; type: 'User' | 'Group' }[]> {
    return memberIdsOf(this.db.kysely, tenantId, groupId);
  }

  /** The groups a user or group belongs to directly: the engine walks up from a member to find its assigned groups. */
  groupIds(tenantId: string, memberId: string): Promise<string[]> {
    return groupIdsOf(this.db.kysely, tenantId, memberId);
  }

  // The write's audit record, in the write's own transaction: it commits exactly when the change does.
  // Written before allocateSeq, so it adds nothing to the time the tenant row stays locked.
  private async audit(trx: Trx, tenantId: string, kind: ResourceKind, id: string, at: string, draft: AuditDraft | undefined): Promise<void> {
    if (draft) await writeAuditEntries(trx, [{ ...draft, tenantId, at, resourceType: kind, resourceId: id, scimType: null, detail: null }]);
  }

  private json(doc: ScimResource): string {
    return JSON.stringify(doc);
  }

  // Reads (and on PostgreSQL locks) the row a write starts from; a user's groups come along when the
  // reply needs them, since a write of a user does not change them.
  private async lockRow(trx: Trx, tenantId: string, kind: ResourceKind, id: string, read: ReadOptions = {}): Promise<StoredResource> {
    const row = await this.readRow(trx, tenantId, kind, id, read, this.db.dialect === 'postgres');
    if (!row) throw scimError.notFound(`${kind} ${id} not found.`);
    return row;
  }

  // One resource in one statement, with a user's groups when asked for; `lock` adds FOR UPDATE (PostgreSQL).
  private async readRow(db: Trx, tenantId: string, kind: ResourceKind, id: string, read: ReadOptions, lock: boolean): Promise<StoredResource | undefined> {
    const { rows } = await sql<ReadRow>`
      SELECT ${readColumnsSql(this.db.dialect, kind === 'User' && !!read.groups)} FROM resources r
      WHERE r.tenant_id = ${tenantId} AND r.type = ${kind} AND r.id = ${id}${lock ? sql` FOR UPDATE OF r` : sql``}`.execute(db);
    return rows[0] && rowToStored(rows[0]);
  }

  private async writeEmails(trx: Trx, tenantId: string, id: string, kind: ResourceKind, doc: ScimResource, replace: boolean): Promise<void> {
    if (kind !== 'User') return;
    if (replace) await trx.deleteFrom('resource_emails').where('tenant_id', '=', tenantId).where('resource_id', '=', id).execute();
    const emails = emailsOf(kind, doc);
    if (emails.length) await trx.insertInto('resource_emails').values(emails.map((value_lc) => ({ tenant_id: tenantId, resource_id: id, value_lc }))).execute();
  }

  private async decorate(db: Trx, tenantId: string, r: StoredResource, read: ReadOptions): Promise<StoredResource> {
    const out = { ...r };
    if (r.kind === 'Group' && read.members) out.members = await loadMembers(db, tenantId, r.id);
    return out;
  }

  // Users arrive with their groups; groups that are asked for with members get them in one heavy read.
  private async withMembers(tenantId: string, list: StoredResource[], read: ReadOptions): Promise<StoredResource[]> {
    const ids = read.members ? list.filter((r) => r.kind === 'Group').map((r) => r.id) : [];
    if (!ids.length) return list;
    const members = await this.db.reader.heavy(tenantId, () => membersPlan(this.db.dialect, tenantId, ids, this.db.reader.budgetFunction));
    return list.map((r) => (r.kind === 'Group' ? { ...r, members: members.get(r.id) ?? [] } : r));
  }

  // Runs a write in a transaction, maps driver errors once, and retries a PostgreSQL deadlock.
  private async run<T>(kind: ResourceKind, fn: (trx: Trx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.write(fn);
      } catch (err) {
        if (isScimError(err)) throw err;
        if (isUniqueViolation(err)) {
          throw scimError.uniqueness(
            kind === 'User' ? 'A user with this userName already exists in this tenant.' : 'A group with this displayName already exists in this tenant.',
          );
        }
        if (isRetryableConflict(err) && attempt < 3) continue;
        throw err;
      }
    }
  }
}

async function withHashedPassword(doc: ScimResource): Promise<ScimResource> {
  if (typeof doc.password === 'string' && !isPasswordHash(doc.password)) return { ...doc, password: await hashPassword(doc.password) };
  return doc;
}

// True when two versions of a document index the same e-mail values, so their index rows can stay.
function sameEmails(kind: ResourceKind, a: ScimResource, b: ScimResource): boolean {
  return emailsOf(kind, a).sort().join('\n') === emailsOf(kind, b).sort().join('\n');
}

// The indexed columns whose value a new document changes: SQLite rewrites the entries of every index whose
// columns an UPDATE sets, changed or not, so a PATCH of displayName leaves the userName and externalId indexes alone.
function changedColumns(kind: ResourceKind, before: ScimResource, after: ScimResource): Partial<ReturnType<typeof columnsOf>> {
  const old = columnsOf(kind, before);
  const next = columnsOf(kind, after);
  const out: Partial<ReturnType<typeof columnsOf>> = {};
  for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] !== old[k]) (out as Record<string, unknown>)[k] = next[k];
  return out;
}
