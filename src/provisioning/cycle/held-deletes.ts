import type { ProvDb } from '../db/migrate.js';

/** A disable or delete the accidental-deletion guard held back. */
export interface HeldDelete {
  sourceId: string;
  kind: 'User' | 'Group';
  action: 'disable' | 'delete';
  targetId: string;
  display: string;
  reason: string;
  cycleId: string;
  heldAt: string;
}

/** Disables and deletes waiting for an admin to allow or reject them. */
export class HeldDeleteStore {
  constructor(private readonly db: ProvDb) {}

  /** Holds these actions (replacing an earlier hold of the same object). */
  async hold(appId: string, items: HeldDelete[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < items.length; i += 200) {
        const rows = items.slice(i, i + 200).map((h) => ({
          app_id: appId,
          source_id: h.sourceId,
          kind: h.kind,
          action: h.action,
          target_id: h.targetId,
          display: h.display,
          reason: h.reason,
          cycle_id: h.cycleId,
          held_at: h.heldAt,
        }));
        await trx
          .insertInto('prov_held_deletes')
          .values(rows)
          .onConflict((oc) => oc.columns(['app_id', 'source_id']).doUpdateSet((eb) => ({ action: eb.ref('excluded.action'), reason: eb.ref('excluded.reason'), cycle_id: eb.ref('excluded.cycle_id') })))
          .execute();
      }
    });
  }

  /** Everything held for an app. */
  async list(appId: string): Promise<HeldDelete[]> {
    const rows = await this.db.selectFrom('prov_held_deletes').selectAll().where('app_id', '=', appId).orderBy('held_at').orderBy('source_id').execute();
    return rows.map((r) => ({ sourceId: r.source_id, kind: r.kind as HeldDelete['kind'], action: r.action as HeldDelete['action'], targetId: r.target_id, display: r.display, reason: r.reason, cycleId: r.cycle_id, heldAt: r.held_at }));
  }

  /** How many actions are held. */
  async count(appId: string): Promise<number> {
    const row = await this.db.selectFrom('prov_held_deletes').select((eb) => eb.fn.countAll<number | string>().as('n')).where('app_id', '=', appId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Drops held actions (after they ran, or when rejected, or when the object came back into scope). */
  async remove(appId: string, sourceIds?: string[]): Promise<void> {
    if (!sourceIds) {
      await this.db.deleteFrom('prov_held_deletes').where('app_id', '=', appId).execute();
      return;
    }
    for (let i = 0; i < sourceIds.length; i += 500) {
      await this.db.deleteFrom('prov_held_deletes').where('app_id', '=', appId).where('source_id', 'in', sourceIds.slice(i, i + 500)).execute();
    }
  }
}
