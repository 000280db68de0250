import type { ProvDb } from '../db/migrate.js';

/** A user or group assigned to an app, with its app role. */
export interface Assignment {
  principalId: string;
  principalType: 'User' | 'Group';
  role: string;
  createdAt: string;
}

/** Assignments of source users and groups to apps. Each change marks the principal for re-evaluation in the next cycle. */
export class AssignmentStore {
  constructor(private readonly db: ProvDb, private readonly now: () => Date = () => new Date()) {}

  /** Assigns (or re-assigns with another role); returns false when nothing changed. */
  async assign(appId: string, principalId: string, principalType: 'User' | 'Group', role: string): Promise<boolean> {
    const at = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('prov_assignments').select(['role', 'principal_type']).where('app_id', '=', appId).where('principal_id', '=', principalId).executeTakeFirst();
      if (current && current.role === role) return false;
      if (current) await trx.updateTable('prov_assignments').set({ role }).where('app_id', '=', appId).where('principal_id', '=', principalId).execute();
      else await trx.insertInto('prov_assignments').values({ app_id: appId, principal_id: principalId, principal_type: principalType, role, created_at: at }).execute();
      await markDirty(trx, appId, principalId, principalType, 'assignment', at);
      return true;
    });
  }

  /** Removes an assignment; returns false when there was none. */
  async unassign(appId: string, principalId: string): Promise<boolean> {
    const at = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('prov_assignments').select('principal_type').where('app_id', '=', appId).where('principal_id', '=', principalId).executeTakeFirst();
      if (!current) return false;
      await trx.deleteFrom('prov_assignments').where('app_id', '=', appId).where('principal_id', '=', principalId).execute();
      await markDirty(trx, appId, principalId, current.principal_type, 'unassignment', at);
      return true;
    });
  }

  /** Every assignment of an app. */
  async list(appId: string): Promise<Assignment[]> {
    const rows = await this.db.selectFrom('prov_assignments').selectAll().where('app_id', '=', appId).orderBy('created_at').execute();
    return rows.map((r) => ({ principalId: r.principal_id, principalType: r.principal_type as 'User' | 'Group', role: r.role, createdAt: r.created_at }));
  }

  /** The assignments of some principals (a user and the groups above it), for a scope check that reads only those. */
  async of(appId: string, principalIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < principalIds.length; i += 500) {
      const rows = await this.db.selectFrom('prov_assignments').select(['principal_id', 'role']).where('app_id', '=', appId).where('principal_id', 'in', principalIds.slice(i, i + 500)).execute();
      for (const r of rows) out.set(r.principal_id, r.role);
    }
    return out;
  }
}

/** Queues a source object for re-evaluation in the app's next cycle. */
export async function markDirty(db: ProvDb, appId: string, sourceId: string, kind: string, reason: string, at: string): Promise<void> {
  await db
    .insertInto('prov_dirty')
    .values({ app_id: appId, source_id: sourceId, kind, reason, at })
    .onConflict((oc) => oc.columns(['app_id', 'source_id']).doUpdateSet({ reason, at }))
    .execute();
}
