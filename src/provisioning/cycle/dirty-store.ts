import { markDirty } from '../assignments/assignment-store.js';
import type { ProvDb } from '../db/migrate.js';

/** A source object queued for re-evaluation. */
export interface DirtyEntry {
  sourceId: string;
  kind: 'User' | 'Group';
  reason: string;
  at: string;
}

/** Reads and clears the objects queued for re-evaluation (assignment changes, throttled objects). */
export class DirtyStore {
  constructor(private readonly db: ProvDb) {}

  /** Everything queued for an app up to now. */
  async list(appId: string): Promise<DirtyEntry[]> {
    const rows = await this.db.selectFrom('prov_dirty').selectAll().where('app_id', '=', appId).execute();
    return rows.map((r) => ({ sourceId: r.source_id, kind: r.kind as DirtyEntry['kind'], reason: r.reason, at: r.at }));
  }

  /** Queues an object (a throttled one, deferred to the next cycle). */
  async mark(appId: string, sourceId: string, kind: 'User' | 'Group', reason: string, at: string): Promise<void> {
    await markDirty(this.db, appId, sourceId, kind, reason, at);
  }

  /** True when anything is queued (the scheduler's cheap check). */
  async any(appId: string): Promise<boolean> {
    return !!(await this.db.selectFrom('prov_dirty').select('source_id').where('app_id', '=', appId).limit(1).executeTakeFirst());
  }

  /** Clears the entries a cycle processed: only those not queued again since (their `at` is unchanged). */
  async clear(appId: string, entries: DirtyEntry[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const e of entries) await trx.deleteFrom('prov_dirty').where('app_id', '=', appId).where('source_id', '=', e.sourceId).where('at', '=', e.at).execute();
    });
  }
}
