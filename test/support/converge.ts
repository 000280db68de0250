import type { CycleResult } from '../../src/provisioning/cycle/app-cycle.js';
import type { ProvisioningEngine } from '../../src/provisioning/engine.js';

/**
 * Runs cycles until one finishes with nothing failed, nothing left in escrow and nothing queued, moving
 * the engine's clock on between cycles (`advance`) so escrow retries come due without waiting. Throws
 * with every cycle's result when `max` cycles were not enough.
 */
export async function syncUntilSettled(engine: ProvisioningEngine, appId: string, advance: () => void, max = 30): Promise<CycleResult[]> {
  const results: CycleResult[] = [];
  let left: unknown;
  for (let i = 0; i < max; i++) {
    const r = await engine.sync(appId);
    results.push(r);
    const [escrows, queued] = await Promise.all([engine.ctx.escrows.list(appId), engine.ctx.dirty.any(appId)]);
    if (r.status === 'succeeded' && escrows.length === 0 && !queued) return results;
    left = { escrows: escrows.map((e) => ({ kind: e.kind, attempts: e.attempts, lastError: e.lastError })), queued };
    advance();
  }
  throw new Error(`not settled after ${max} cycles (left: ${JSON.stringify(left)}): ${JSON.stringify(results.slice(0, 5).map((r) => ({ status: r.status, error: r.error, counts: r.counts })))}`);
}
