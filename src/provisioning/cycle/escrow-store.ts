import type { ProvDb } from '../db/migrate.js';

/** When failed objects are retried, as delays after each failure; the last one repeats until `giveUpAfterMs`. */
export interface EscrowSchedule {
  delaysMs: number[];
  giveUpAfterMs: number;
}

const HOUR = 3_600_000;

/** Entra's schedule: 6 h, 12 h, 24 h after the failures, then daily, for 28 days. */
export const ENTRA_ESCROW_SCHEDULE: EscrowSchedule = { delaysMs: [6 * HOUR, 12 * HOUR, 24 * HOUR], giveUpAfterMs: 28 * 24 * HOUR };

/** An object waiting for its retry. */
export interface Escrow {
  sourceId: string;
  kind: 'User' | 'Group';
  attempts: number;
  firstFailedAt: string;
  nextRetryAt: string;
  lastError: string;
}

/** Objects whose last attempt failed: retried on a schedule without blocking the others (Entra's escrow). */
export class EscrowStore {
  constructor(private readonly db: ProvDb, private readonly schedule: EscrowSchedule, private readonly now: () => number = Date.now) {}

  /** Records a failure: schedules the next retry, or returns 'gaveUp' when the object has failed for longer than the schedule allows. */
  async fail(appId: string, sourceId: string, kind: 'User' | 'Group', error: string): Promise<'escrowed' | 'gaveUp'> {
    const at = this.now();
    const current = await this.db.selectFrom('prov_escrows').selectAll().where('app_id', '=', appId).where('source_id', '=', sourceId).executeTakeFirst();
    const attempts = (current?.attempts ?? 0) + 1;
    const first = current?.first_failed_at ?? new Date(at).toISOString();
    if (at - Date.parse(first) >= this.schedule.giveUpAfterMs) {
      await this.clear(appId, [sourceId]);
      return 'gaveUp';
    }
    const delay = this.schedule.delaysMs[Math.min(attempts, this.schedule.delaysMs.length) - 1] ?? this.schedule.delaysMs[this.schedule.delaysMs.length - 1]!;
    const row = { app_id: appId, source_id: sourceId, kind, attempts, first_failed_at: first, next_retry_at: new Date(at + delay).toISOString(), last_error: error.slice(0, 2000) };
    await this.db
      .insertInto('prov_escrows')
      .values(row)
      .onConflict((oc) => oc.columns(['app_id', 'source_id']).doUpdateSet({ attempts: row.attempts, next_retry_at: row.next_retry_at, last_error: row.last_error }))
      .execute();
    return 'escrowed';
  }

  /** Forgets objects that succeeded (or left scope). */
  async clear(appId: string, sourceIds: string[]): Promise<void> {
    for (let i = 0; i < sourceIds.length; i += 500) {
      await this.db.deleteFrom('prov_escrows').where('app_id', '=', appId).where('source_id', 'in', sourceIds.slice(i, i + 500)).execute();
    }
  }

  /** Forgets every escrow of an app (Restart). */
  async clearAll(appId: string): Promise<void> {
    await this.db.deleteFrom('prov_escrows').where('app_id', '=', appId).execute();
  }

  /** Objects whose retry is due now. */
  async due(appId: string): Promise<Escrow[]> {
    const rows = await this.db.selectFrom('prov_escrows').selectAll().where('app_id', '=', appId).where('next_retry_at', '<=', new Date(this.now()).toISOString()).execute();
    return rows.map(toEscrow);
  }

  /** Every escrowed object of an app, for status pages. */
  async list(appId: string): Promise<Escrow[]> {
    return (await this.db.selectFrom('prov_escrows').selectAll().where('app_id', '=', appId).orderBy('next_retry_at').execute()).map(toEscrow);
  }
}

function toEscrow(r: { source_id: string; kind: string; attempts: number; first_failed_at: string; next_retry_at: string; last_error: string }): Escrow {
  return { sourceId: r.source_id, kind: r.kind as Escrow['kind'], attempts: r.attempts, firstFailedAt: r.first_failed_at, nextRetryAt: r.next_retry_at, lastError: r.last_error };
}
