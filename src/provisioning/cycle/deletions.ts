import type { HeldDeleteStore } from './held-deletes.js';
import type { CycleRun, PendingDeletion } from './cycle-run.js';

/** What the deletion guard did at the end of a cycle. */
export interface DeletionOutcome {
  executed: number;
  held: number;
  /** True when this cycle newly held deletions (an e-mail goes out). */
  newlyHeld: boolean;
}

async function execute(run: CycleRun, d: PendingDeletion): Promise<void> {
  const base = { kind: d.kind, sourceId: d.sourceId, sourceName: d.display, targetId: d.targetId, action: d.action };
  if (run.mode === 'plan') {
    return run.log({ ...base, status: 'success', steps: [...d.steps, { name: 'action', status: 'success', description: `would ${d.action}: ${d.reason}` }] });
  }
  try {
    if (d.action === 'delete') {
      const existed = await run.client.delete(d.kind === 'User' ? 'Users' : 'Groups', d.targetId);
      run.dropLink(d.sourceId);
      run.ok(d.sourceId);
      run.log({ ...base, status: 'success', steps: [...d.steps, { name: 'action', status: 'success', description: existed ? `deleted: ${d.reason}` : `already gone from the target: ${d.reason}` }] });
    } else {
      const link = (await run.linksOf([d.sourceId])).get(d.sourceId);
      try {
        await run.client.patch('Users', d.targetId, [{ op: 'replace', path: 'active', value: false }]);
      } catch (err) {
        // Gone from the target already: nothing left to disable.
        if ((err as { status?: number }).status !== 404) throw err;
        run.dropLink(d.sourceId);
        run.ok(d.sourceId);
        return run.log({ ...base, status: 'success', steps: [...d.steps, { name: 'action', status: 'success', description: `already gone from the target: ${d.reason}` }] });
      }
      if (link) run.setLink({ ...link, state: 'disabled', sent: { ...link.sent, active: false }, hash: '' });
      run.membershipUsers.add(d.sourceId);
      run.ok(d.sourceId);
      run.log({ ...base, status: 'success', steps: [...d.steps, { name: 'action', status: 'success', description: `disabled (active=false): ${d.reason}` }], modified: [{ name: 'active', old: link?.sent.active ?? true, new: false }] });
    }
  } catch (err) {
    const f = await run.failed(d.kind, d.sourceId, err);
    run.log({ ...base, status: f.handling === 'defer' ? 'deferred' : 'failure', steps: [...d.steps, { name: 'action', status: 'failure', description: f.detail }], error: f });
  }
}

/**
 * The accidental-deletion guard: at the end of a cycle, the disables and deletes it planned run only
 * when they are at most the app's threshold and nothing is held already; otherwise all of them are held
 * until an admin allows (`approve-deletes`) or rejects them. `force` runs them whatever their number.
 */
export async function settleDeletions(run: CycleRun, held: HeldDeleteStore, force: boolean): Promise<DeletionOutcome> {
  const pending = run.pendingDeletions.splice(0);
  if (!pending.length) return { executed: 0, held: 0, newlyHeld: false };
  const threshold = run.app.settings.deletionThreshold;
  const alreadyHeld = run.mode === 'execute' ? await held.count(run.app.id) : 0;
  const hold = !force && threshold > 0 && (alreadyHeld > 0 || pending.length > threshold);
  if (!hold) {
    for (const d of pending) {
      run.checkLease();
      await execute(run, d);
    }
    return { executed: pending.length, held: 0, newlyHeld: false };
  }
  for (const d of pending) run.heldIds.add(d.sourceId);
  const at = new Date(run.deps.now()).toISOString();
  const why = alreadyHeld > 0 ? `${alreadyHeld} earlier deletion(s) are waiting for approval` : `${pending.length} disables/deletes exceed the deletion threshold of ${threshold}`;
  for (const d of pending) {
    run.log({
      kind: d.kind,
      sourceId: d.sourceId,
      sourceName: d.display,
      targetId: d.targetId,
      action: d.action,
      status: 'held',
      steps: [...d.steps, { name: 'action', status: 'skipped', description: `held by the accidental-deletion guard (${why}): approve or reject it` }],
    });
  }
  if (run.mode === 'execute') {
    await held.hold(
      run.app.id,
      pending.map((d) => ({ sourceId: d.sourceId, kind: d.kind, action: d.action, targetId: d.targetId, display: d.display, reason: d.reason, cycleId: run.cycle.id, heldAt: at })),
    );
  }
  run.count('held', pending.length);
  return { executed: 0, held: pending.length, newlyHeld: alreadyHeld === 0 };
}
