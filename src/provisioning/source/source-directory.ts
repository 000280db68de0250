import type { Change } from '../../store/change-feed.js';
import type { MembershipChangeRow } from '../../store/memberships.js';
import type { StoredResource } from '../../store/resource-row.js';
import type { Store } from '../../data/store.js';

/**
 * One source tenant as the engine reads it, through the SCIM store's exported functions only (the
 * change feed, the membership change log, batched reads): never its tables. Upward walks (a member's
 * groups) are remembered for the life of this object, which is one cycle.
 */
export class SourceDirectory {
  private readonly parents = new Map<string, Promise<string[]>>();

  constructor(private readonly store: Store, readonly tenantId: string) {}

  /** The tenant's last committed seq: a cycle's snapshot. */
  lastSeq(): Promise<number> {
    return this.store.tenants.lastSeq(this.tenantId);
  }

  /** Every change in (after, upTo], oldest first, page by page. */
  async *changes(after: number, upTo: number, pageSize = 1000): AsyncGenerator<Change[]> {
    let from = after;
    for (;;) {
      const page = await this.store.resources.changesSince(this.tenantId, from, pageSize);
      const inRange = page.changes.filter((c) => c.seq <= upTo);
      if (inRange.length) yield inRange;
      if (!page.more || inRange.length < page.changes.length) return;
      from = page.nextSeq;
    }
  }

  /** Every membership change in (after, upTo], in commit order, page by page. */
  async *membershipChanges(after: number, upTo: number, pageSize = 2000): AsyncGenerator<MembershipChangeRow[]> {
    let from: { seq: number; n: number } | undefined;
    for (;;) {
      const rows = await this.store.resources.membershipChangesSince(this.tenantId, after, upTo, pageSize, from);
      if (rows.length) yield rows;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      from = { seq: last.seq, n: last.n };
    }
  }

  /** Resources by id (missing ones are left out). */
  async getMany(ids: string[]): Promise<Map<string, StoredResource>> {
    const rows = await this.store.resources.getMany(this.tenantId, ids);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Every user or group of the tenant, page by page (keyset cursor). */
  async *all(kind: 'User' | 'Group', pageSize = 500): AsyncGenerator<StoredResource[]> {
    let cursor = '';
    for (;;) {
      const page = await this.store.resources.list(this.tenantId, kind, { count: pageSize, cursor });
      if (page.resources.length) yield page.resources;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** How many users or groups the tenant holds. */
  async count(kind: 'User' | 'Group'): Promise<number> {
    return (await this.store.resources.list(this.tenantId, kind, { count: 0 })).totalResults;
  }

  /** The groups a user or group belongs to directly. */
  groupsOf(memberId: string): Promise<string[]> {
    let p = this.parents.get(memberId);
    if (!p) {
      p = this.store.resources.groupIds(this.tenantId, memberId);
      this.parents.set(memberId, p);
    }
    return p;
  }

  /** Every group above a member, nested groups included, each once even if the nesting has a loop. */
  async ancestors(memberId: string): Promise<string[]> {
    const seen = new Set<string>();
    let frontier = [memberId];
    while (frontier.length) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const g of await this.groupsOf(id)) {
          if (g === memberId || seen.has(g)) continue;
          seen.add(g);
          next.push(g);
        }
      }
      frontier = next;
    }
    return [...seen];
  }

  /** A group's direct members. */
  members(groupId: string): Promise<{ id: string; type: 'User' | 'Group' }[]> {
    return this.store.resources.memberIds(this.tenantId, groupId);
  }

  /** The users under a group, nested groups expanded, each once (cycle-safe); `within` collects the groups passed through. */
  async usersUnder(groupId: string, within?: Set<string>): Promise<Set<string>> {
    const users = new Set<string>();
    const groups = within ?? new Set<string>();
    groups.add(groupId);
    let frontier = [groupId];
    while (frontier.length) {
      const next: string[] = [];
      for (const g of frontier) {
        for (const m of await this.members(g)) {
          if (m.type === 'User') users.add(m.id);
          else if (!groups.has(m.id)) {
            groups.add(m.id);
            next.push(m.id);
          }
        }
      }
      frontier = next;
    }
    return users;
  }

  /** A user by id or userName (case-insensitive), for the CLI and on-demand provisioning. */
  async findUser(idOrName: string): Promise<StoredResource | undefined> {
    const byId = await this.store.resources.get(this.tenantId, 'User', idOrName);
    if (byId) return byId;
    const page = await this.store.resources.list(this.tenantId, 'User', {
      count: 1,
      filter: { kind: 'compare', path: { attr: 'userName' }, op: 'eq', value: idOrName },
    });
    return page.resources[0];
  }

  /** A group by id or displayName (case-insensitive). */
  async findGroup(idOrName: string): Promise<StoredResource | undefined> {
    const byId = await this.store.resources.get(this.tenantId, 'Group', idOrName);
    if (byId) return byId;
    const page = await this.store.resources.list(this.tenantId, 'Group', {
      count: 1,
      filter: { kind: 'compare', path: { attr: 'displayName' }, op: 'eq', value: idOrName },
    });
    return page.resources[0];
  }
}
