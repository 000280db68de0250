import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { scimError } from '../scim/errors.js';
import type { ResourceKind, ScimResource } from '../scim/schema/types.js';
import type { AuditDraft } from './audit-store.js';
import { allocateSeq, changesSince, type ChangePage } from './change-feed.js';
import type { Db } from './database.js';
import { listResources, type ListQuery, type ListResult } from './resource-list.js';
import { byIdPlan } from './fast-lookup.js';
import { applyMembershipChanges, groupIdsOf, logMembershipChanges, memberIdsOf, membershipChangesSince, membersPlan, type MembershipChangeRow, removeAllMembers, removeFromAllGroups, type MemberDelta, type MemberMatcher, type MembershipChange } from './memberships.js';
import { newResourceId } from './resource-id.js';
import { columnsOf, docForStorage, ifMatchAccepts, readColumnsSql, rowToStored, type ReadOptions, type ReadRow, type StoredResource } from './resource-row.js';
import { auditEntry, changedColumns, insertResource, lockRow, runResourceWrite, sameEmails, updateResource, userWriteKey, withGroupMembers, withHashedPassword, writeAudit, replaceEmails } from './resource-write-steps.js';

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

/** Users and groups of every tenant; each method takes the tenant id first and every query carries it. */
export class ResourceStore {
  constructor(private readonly db: Db, private readonly matchMember: MemberMatcher) {}

  /** Creates a user or group (with initial members for a group); a taken userName is 409 uniqueness. */
  async create(tenantId: string, kind: ResourceKind, input: ScimResource, opts: { members?: { value: string; type?: string }[]; read?: ReadOptions; audit?: AuditDraft } = {}): Promise<StoredResource> {
    const doc = await withHashedPassword(docForStorage(input));
    const id = newResourceId();
    const now = new Date().toISOString();
    return runResourceWrite(this.db, kind, async (trx) => {
      // Everything that needs no sequence number first: the tenant row lock that allocateSeq takes is
      // held until commit, so the less that follows it, the more writers a tenant can serve.
      const deltas = kind === 'Group' && opts.members?.length ? await applyMembershipChanges(trx, tenantId, id, [{ op: 'add', members: opts.members }], this.matchMember) : [];
      // Object.assign, not a spread: see "Objects on the request path" in docs/architecture.md.
      const row = Object.assign({ tenant_id: tenantId, id, type: kind, version: 1, created: now, last_modified: now, doc: JSON.stringify(doc) }, columnsOf(kind, doc));
      const seq = await insertResource(trx, this.db.dialect, row, kind, doc, auditEntry(tenantId, kind, id, now, opts.audit));
      if (deltas.length) await logMembershipChanges(trx, tenantId, seq, deltas.map((delta) => ({ groupId: id, delta })));
      const stored: StoredResource = { kind, id, doc, version: 1, created: now, lastModified: now, seq };
      // A new user belongs to no group yet: no need to ask the database.
      const read = opts.read ?? {};
      if (kind === 'User') {
        if (read.groups) stored.groups = [];
        return stored;
      }
      return withGroupMembers(trx, tenantId, stored, read);
    }, userWriteKey(kind, tenantId, id));
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
    return runResourceWrite(this.db, kind, async (trx) => {
      const current = await lockRow(trx, this.db.dialect, tenantId, kind, id, opts.read);
      if (opts.ifMatch !== undefined && !ifMatchAccepts(opts.ifMatch, current.version)) {
        throw scimError.preconditionFailed(`The resource's version is ${current.version}; If-Match did not match.`);
      }
      const next = await plan(current);
      const doc = await withHashedPassword(docForStorage(next.doc));
      const docChanged = !isDeepStrictEqual(doc, current.doc);
      const deltas: MemberDelta[] = next.memberChanges?.length ? await applyMembershipChanges(trx, tenantId, id, next.memberChanges, this.matchMember) : [];
      const now = new Date().toISOString();
      if (!docChanged && deltas.length === 0) {
        // A request that changed nothing is still a request: it is recorded all the same.
        await writeAudit(trx, tenantId, kind, id, now, opts.audit);
        return { resource: await withGroupMembers(trx, tenantId, current, opts.read ?? {}), changed: false };
      }
      if (docChanged && !sameEmails(kind, doc, current.doc)) await replaceEmails(trx, tenantId, id, kind, doc);
      // The audit record, the sequence number and the row last (see create), and the membership log under that number.
      const version = current.version + 1;
      const changes = Object.assign(docChanged ? Object.assign(changedColumns(kind, current.doc, doc), { doc: JSON.stringify(doc) }) : {}, { version, last_modified: now });
      const seq = await updateResource(trx, this.db.dialect, tenantId, id, changes, auditEntry(tenantId, kind, id, now, opts.audit));
      if (deltas.length) await logMembershipChanges(trx, tenantId, seq, deltas.map((delta) => ({ groupId: id, delta })));
      const stored: StoredResource = Object.assign({}, current, { doc, version, seq, lastModified: now });
      return { resource: await withGroupMembers(trx, tenantId, stored, opts.read ?? {}), changed: true };
    }, userWriteKey(kind, tenantId, id));
  }

  /** Deletes a resource, leaves a tombstone, and takes it out of every group (each such group changes too). */
  async delete(tenantId: string, kind: ResourceKind, id: string, opts: { ifMatch?: string; audit?: AuditDraft } = {}): Promise<void> {
    await runResourceWrite(this.db, kind, async (trx) => {
      const current = await lockRow(trx, this.db.dialect, tenantId, kind, id);
      if (opts.ifMatch !== undefined && !ifMatchAccepts(opts.ifMatch, current.version)) {
        throw scimError.preconditionFailed(`The resource's version is ${current.version}; If-Match did not match.`);
      }
      const parents = await removeFromAllGroups(trx, tenantId, id);
      const emptied = kind === 'Group' ? await removeAllMembers(trx, tenantId, id) : [];
      await trx.deleteFrom('resource_emails').where('tenant_id', '=', tenantId).where('resource_id', '=', id).execute();
      const now = new Date().toISOString();
      await writeAudit(trx, tenantId, kind, id, now, opts.audit);
      // Lock the affected groups in id order before the tenant row, so concurrent deletes cannot deadlock.
      for (const g of parents) await lockRow(trx, this.db.dialect, tenantId, 'Group', g).catch(() => undefined);
      const first = await allocateSeq(trx, this.db.dialect, tenantId, 1 + parents.length);
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
    return Object.assign(result, { resources });
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

  // Users arrive with their groups; groups that are asked for with members get them in one heavy read.
  private async withMembers(tenantId: string, list: StoredResource[], read: ReadOptions): Promise<StoredResource[]> {
    const ids = read.members ? list.filter((r) => r.kind === 'Group').map((r) => r.id) : [];
    if (!ids.length) return list;
    const members = await this.db.reader.heavy(tenantId, () => membersPlan(this.db.dialect, tenantId, ids, this.db.reader.budgetFunction));
    return list.map((r) => (r.kind === 'Group' ? { ...r, members: members.get(r.id) ?? [] } : r));
  }
}
