import type { ProvDb } from '../db/migrate.js';

/**
 * The right to run one app's cycle, held in the app's row with an expiry: exactly one cycle per app at
 * a time across processes (the server's scheduler, a `scimkit sync` beside it, several workers). The
 * holder renews it while it works; a holder that died stops renewing and its lease lapses.
 */
export class Lease {
  private timer: NodeJS.Timeout | undefined;
  private lostFlag = false;

  private constructor(private readonly db: ProvDb, readonly appId: string, readonly holder: string, private readonly ttlMs: number, private readonly now: () => number) {}

  /** Takes the lease when it is free or lapsed; undefined when someone else holds it. */
  static async acquire(db: ProvDb, appId: string, holder: string, ttlMs: number, now: () => number = Date.now): Promise<Lease | undefined> {
    const at = now();
    const res = await db
      .updateTable('prov_apps')
      .set({ lease_holder: holder, lease_until: new Date(at + ttlMs).toISOString() })
      .where('id', '=', appId)
      .where((eb) => eb.or([eb('lease_holder', 'is', null), eb('lease_until', '<', new Date(at).toISOString()), eb('lease_holder', '=', holder)]))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return undefined;
    const lease = new Lease(db, appId, holder, ttlMs, now);
    lease.timer = setInterval(() => void lease.renew(), Math.max(50, Math.floor(ttlMs / 3)));
    lease.timer.unref();
    return lease;
  }

  /** Who holds an app's lease and until when, for status pages and error messages. */
  static async holderOf(db: ProvDb, appId: string): Promise<{ holder: string; until: string } | undefined> {
    const row = await db.selectFrom('prov_apps').select(['lease_holder', 'lease_until']).where('id', '=', appId).executeTakeFirst();
    if (!row?.lease_holder || !row.lease_until || row.lease_until < new Date().toISOString()) return undefined;
    return { holder: row.lease_holder, until: row.lease_until };
  }

  /** True once a renewal found the lease taken by another holder: the cycle must stop writing. */
  get lost(): boolean {
    return this.lostFlag;
  }

  /** Extends the lease; marks it lost when another holder has it now. */
  async renew(): Promise<boolean> {
    if (this.lostFlag) return false;
    try {
      const res = await this.db
        .updateTable('prov_apps')
        .set({ lease_until: new Date(this.now() + this.ttlMs).toISOString() })
        .where('id', '=', this.appId)
        .where('lease_holder', '=', this.holder)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) this.lostFlag = true;
    } catch {
      // A failed renewal is retried at the next tick; the lease lapses only if they keep failing.
    }
    return !this.lostFlag;
  }

  /** Gives the lease up. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.db.updateTable('prov_apps').set({ lease_holder: null, lease_until: null }).where('id', '=', this.appId).where('lease_holder', '=', this.holder).execute();
  }
}
