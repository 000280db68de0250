import type { App } from './apps/app-types.js';
import type { CycleInfo } from './cycle/cycle-store.js';
import type { Escrow } from './cycle/escrow-store.js';
import type { HeldDelete } from './cycle/held-deletes.js';
import { Lease } from './cycle/lease.js';
import type { EngineContext } from './engine-context.js';

/** Entra's "Synchronization details", and a little more: everything an admin needs to see how an app is doing. */
export interface AppStatusReport {
  app: App;
  /** on / off / quarantine (On, but cycles slowed down) / running. */
  state: 'on' | 'off' | 'quarantine' | 'running';
  current: CycleInfo | null;
  last: CycleInfo | null;
  nextCycleAt: string | null;
  recent: CycleInfo[];
  escrows: { count: number; items: Escrow[] };
  held: { count: number; items: HeldDelete[] };
  linked: { users: number; groups: number };
}

/** Reads an app's synchronization details. */
export async function appStatus(ctx: EngineContext, app: App): Promise<AppStatusReport> {
  const [recent, escrows, held, lease, linked] = await Promise.all([
    ctx.cycles.recent(app.id, 20),
    ctx.escrows.list(app.id),
    ctx.held.list(app.id),
    Lease.holderOf(ctx.db, app.id),
    ctx.db.selectFrom('prov_links').select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')]).where('app_id', '=', app.id).where('state', '=', 'active').groupBy('kind').execute(),
  ]);
  const current = lease ? (recent.find((c) => c.status === 'running') ?? null) : null;
  const last = recent.find((c) => c.status !== 'running' && c.kind !== 'on-demand') ?? null;
  const count = (k: string) => Number(linked.find((r) => r.kind === k)?.n ?? 0);
  return {
    app,
    state: current ? 'running' : app.status === 'off' ? 'off' : app.quarantine ? 'quarantine' : 'on',
    current,
    last,
    nextCycleAt: app.status === 'on' ? app.nextCycleAt : null,
    recent,
    escrows: { count: escrows.length, items: escrows.slice(0, 100) },
    held: { count: held.length, items: held.slice(0, 100) },
    linked: { users: count('User'), groups: count('Group') },
  };
}
