import { randomUUID } from 'node:crypto';
import type { ProvDb } from '../db/migrate.js';

/** Initial: a full evaluation (first cycle, config change, restart); incremental: what changed since the watermark. */
export type CycleKind = 'initial' | 'incremental' | 'dry-run' | 'on-demand';

/** How a cycle ended: every object done, some failed (escrowed), or the cycle itself could not run or finish. */
export type CycleStatus = 'running' | 'succeeded' | 'partial' | 'failed';

/** One cycle as status pages show it. */
export interface CycleInfo {
  id: string;
  appId: string;
  kind: CycleKind;
  status: CycleStatus;
  startedAt: string;
  endedAt: string | null;
  total: number;
  done: number;
  counts: Record<string, number>;
  error: string | null;
}

/** Cycles: started, progressing, finished, with counts by action and status. */
export class CycleStore {
  constructor(private readonly db: ProvDb, private readonly now: () => Date = () => new Date()) {}

  /** Records a cycle's start. */
  async start(appId: string, kind: CycleKind): Promise<CycleInfo> {
    const info: CycleInfo = { id: randomUUID(), appId, kind, status: 'running', startedAt: this.now().toISOString(), endedAt: null, total: 0, done: 0, counts: {}, error: null };
    await this.db
      .insertInto('prov_cycles')
      .values({ id: info.id, app_id: appId, kind, status: 'running', started_at: info.startedAt, ended_at: null, total: 0, done: 0, counts: '{}', error: null })
      .execute();
    return info;
  }

  /** Saves progress (objects known and done, counts so far). */
  async progress(c: CycleInfo): Promise<void> {
    await this.db.updateTable('prov_cycles').set({ total: c.total, done: c.done, counts: JSON.stringify(c.counts) }).where('id', '=', c.id).execute();
  }

  /** Records a cycle's end. */
  async finish(c: CycleInfo, status: Exclude<CycleStatus, 'running'>, error: string | null = null): Promise<CycleInfo> {
    const ended = { ...c, status, error, endedAt: this.now().toISOString() };
    await this.db
      .updateTable('prov_cycles')
      .set({ status, error, ended_at: ended.endedAt, total: c.total, done: c.done, counts: JSON.stringify(c.counts) })
      .where('id', '=', c.id)
      .execute();
    return ended;
  }

  /** An app's latest cycles, newest first. */
  async recent(appId: string, limit = 20): Promise<CycleInfo[]> {
    const rows = await this.db.selectFrom('prov_cycles').selectAll().where('app_id', '=', appId).orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      appId: r.app_id,
      kind: r.kind as CycleKind,
      status: r.status as CycleStatus,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      total: r.total,
      done: r.done,
      counts: JSON.parse(r.counts) as Record<string, number>,
      error: r.error,
    }));
  }

  /** Marks cycles left 'running' by a process that died as failed, so status pages do not show them running forever. */
  async abandon(appId: string): Promise<void> {
    await this.db.updateTable('prov_cycles').set({ status: 'failed', error: 'the process running this cycle stopped before it finished', ended_at: this.now().toISOString() }).where('app_id', '=', appId).where('status', '=', 'running').execute();
  }
}
