import type { ProvDb } from '../db/migrate.js';

/** What the engine knows of one provisioned object: its target id and what it last sent there. */
export interface Link {
  sourceId: string;
  kind: 'User' | 'Group';
  targetId: string;
  state: 'active' | 'disabled';
  /** Target attributes last sent, by mapping path. */
  sent: Record<string, unknown>;
  hash: string;
  pendingManager: string | null;
}

/** What most of a cycle needs to know of a link: enough to reference the target object, without what was sent. */
export type LinkState = Pick<Link, 'kind' | 'state' | 'targetId'>;

type Q = ProvDb;

/** The link table and the members sent to target groups: the engine's memory of the target, one app at a time. */
export class LinkStore {
  constructor(private readonly db: ProvDb, private readonly now: () => Date = () => new Date()) {}

  /** Links of many source objects in one statement per 500. */
  async getMany(appId: string, sourceIds: string[]): Promise<Map<string, Link>> {
    const out = new Map<string, Link>();
    for (let i = 0; i < sourceIds.length; i += 500) {
      const rows = await this.db.selectFrom('prov_links').selectAll().where('app_id', '=', appId).where('source_id', 'in', sourceIds.slice(i, i + 500)).execute();
      for (const r of rows) {
        out.set(r.source_id, {
          sourceId: r.source_id,
          kind: r.kind as Link['kind'],
          targetId: r.target_id,
          state: r.state as Link['state'],
          sent: JSON.parse(r.sent) as Record<string, unknown>,
          hash: r.hash,
          pendingManager: r.pending_manager,
        });
      }
    }
    return out;
  }

  /** The state of many links (no `sent`), for member comparisons and manager references over a whole directory. */
  async statesOf(appId: string, sourceIds: string[]): Promise<Map<string, LinkState>> {
    const out = new Map<string, LinkState>();
    for (let i = 0; i < sourceIds.length; i += 500) {
      const rows = await this.db.selectFrom('prov_links').select(['source_id', 'kind', 'state', 'target_id']).where('app_id', '=', appId).where('source_id', 'in', sourceIds.slice(i, i + 500)).execute();
      for (const r of rows) out.set(r.source_id, { kind: r.kind as Link['kind'], state: r.state as Link['state'], targetId: r.target_id });
    }
    return out;
  }

  /** Writes (inserts or replaces) links and removes others, in one transaction. */
  async save(appId: string, upserts: Link[], removals: string[] = []): Promise<void> {
    if (!upserts.length && !removals.length) return;
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < upserts.length; i += 200) {
        const rows = upserts.slice(i, i + 200).map((l) => ({
          app_id: appId,
          source_id: l.sourceId,
          kind: l.kind,
          target_id: l.targetId,
          state: l.state,
          sent: JSON.stringify(l.sent),
          hash: l.hash,
          pending_manager: l.pendingManager,
          updated_at: at,
        }));
        await trx
          .insertInto('prov_links')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['app_id', 'source_id']).doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              target_id: eb.ref('excluded.target_id'),
              state: eb.ref('excluded.state'),
              sent: eb.ref('excluded.sent'),
              hash: eb.ref('excluded.hash'),
              pending_manager: eb.ref('excluded.pending_manager'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      for (let i = 0; i < removals.length; i += 500) {
        const part = removals.slice(i, i + 500);
        await trx.deleteFrom('prov_links').where('app_id', '=', appId).where('source_id', 'in', part).execute();
        await trx.deleteFrom('prov_link_members').where('app_id', '=', appId).where('member_id', 'in', part).execute();
        await trx.deleteFrom('prov_link_members').where('app_id', '=', appId).where('group_id', 'in', part).execute();
      }
    });
  }

  /** Source ids of an app's links of one kind, in pages (keyset on source id), for the sweep of a full cycle. */
  async idsAfter(appId: string, kind: 'User' | 'Group', after: string, limit: number): Promise<{ sourceId: string; state: string; targetId: string }[]> {
    const rows = await this.db
      .selectFrom('prov_links')
      .select(['source_id', 'state', 'target_id'])
      .where('app_id', '=', appId)
      .where('kind', '=', kind)
      .where('source_id', '>', after)
      .orderBy('source_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ sourceId: r.source_id, state: r.state, targetId: r.target_id }));
  }

  /** How many links of one kind an app has (a full cycle's estimate of the objects it must match). */
  async count(appId: string, kind: 'User' | 'Group'): Promise<number> {
    const row = await this.db.selectFrom('prov_links').select((eb) => eb.fn.countAll().as('n')).where('app_id', '=', appId).where('kind', '=', kind).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Users whose manager had no target id when they were sent, waiting for one of these managers. */
  async waitingFor(appId: string, managerIds: string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < managerIds.length; i += 500) {
      const rows = await this.db.selectFrom('prov_links').select('source_id').where('app_id', '=', appId).where('pending_manager', 'in', managerIds.slice(i, i + 500)).execute();
      out.push(...rows.map((r) => r.source_id));
    }
    return out;
  }

  /** The members sent to one target group (source ids). */
  async membersOf(appId: string, groupId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('prov_link_members').select('member_id').where('app_id', '=', appId).where('group_id', '=', groupId).execute();
    return new Set(rows.map((r) => r.member_id));
  }

  /** The target groups a member was sent to (source ids of the groups). */
  async groupsOf(appId: string, memberId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('prov_link_members').select('group_id').where('app_id', '=', appId).where('member_id', '=', memberId).execute();
    return rows.map((r) => r.group_id);
  }

  /** Records members added to and removed from a target group after the target accepted the PATCH. */
  async recordMembers(appId: string, groupId: string, added: string[], removed: string[]): Promise<void> {
    if (!added.length && !removed.length) return;
    await this.db.transaction().execute(async (trx) => writeMembers(trx, appId, groupId, added, removed));
  }
}

async function writeMembers(db: Q, appId: string, groupId: string, added: string[], removed: string[]): Promise<void> {
  for (let i = 0; i < added.length; i += 500) {
    await db
      .insertInto('prov_link_members')
      .values(added.slice(i, i + 500).map((member_id) => ({ app_id: appId, group_id: groupId, member_id })))
      .onConflict((oc) => oc.columns(['app_id', 'group_id', 'member_id']).doNothing())
      .execute();
  }
  for (let i = 0; i < removed.length; i += 500) {
    await db.deleteFrom('prov_link_members').where('app_id', '=', appId).where('group_id', '=', groupId).where('member_id', 'in', removed.slice(i, i + 500)).execute();
  }
}
