import { isScimClientError } from '../client/client-error.js';
import type { PatchOperation } from '../client/patch-operations.js';
import type { CycleRun } from './cycle-run.js';

/** Members to add to and remove from target groups, by source ids, gathered before any PATCH is sent. */
export type MemberChanges = Map<string, { add: Set<string>; remove: Set<string> }>;

function entry(acc: MemberChanges, groupId: string) {
  let e = acc.get(groupId);
  if (!e) {
    e = { add: new Set(), remove: new Set() };
    acc.set(groupId, e);
  }
  return e;
}

/**
 * One user's place in the target groups: a user provisioned and active belongs to every provisioned
 * group above it in the source (nested groups flattened, since many targets hold users only); anyone
 * else belongs to none. Reads the user's own groups upward, never a group's other members.
 */
export async function userMemberChanges(run: CycleRun, userId: string, acc: MemberChanges): Promise<void> {
  if (!run.groups.enabled || !run.groups.members || run.heldIds.has(userId)) return;
  const link = (await run.linkStates([userId])).get(userId);
  const eligible = link?.kind === 'User' && link.state === 'active';
  const current = new Set(await run.deps.links.groupsOf(run.app.id, userId));
  const desired = new Set<string>();
  if (eligible) {
    const above = await run.dir.ancestors(userId);
    for (const [id, l] of await run.linkStates(above)) if (l.kind === 'Group' && l.state === 'active') desired.add(id);
  }
  for (const g of desired) if (!current.has(g)) entry(acc, g).add.add(userId);
  for (const g of current) if (!desired.has(g)) entry(acc, g).remove.add(userId);
}

/** A whole group compared: every active provisioned user under it (nested groups expanded) against what the target was sent; held users are not removed. */
export async function groupMemberChanges(run: CycleRun, groupId: string, acc: MemberChanges): Promise<void> {
  if (!run.groups.enabled || !run.groups.members || run.heldIds.has(groupId)) return;
  const link = (await run.linkStates([groupId])).get(groupId);
  if (!link || link.kind !== 'Group') return;
  const under = [...(await run.dir.usersUnder(groupId))];
  const desired = new Set<string>();
  for (let i = 0; i < under.length; i += 1000) {
    for (const [id, l] of await run.linkStates(under.slice(i, i + 1000))) if (l.kind === 'User' && l.state === 'active') desired.add(id);
  }
  const sent = await run.deps.links.membersOf(run.app.id, groupId);
  const e = entry(acc, groupId);
  for (const u of desired) if (!sent.has(u)) e.add.add(u);
  for (const u of sent) if (!desired.has(u) && !run.heldIds.has(u)) e.remove.add(u);
  // Whatever per-user changes were gathered for this group are decided by the whole comparison.
  for (const u of e.add) if (!desired.has(u)) e.add.delete(u);
  for (const u of e.remove) if (desired.has(u) || !sent.has(u) || run.heldIds.has(u)) e.remove.delete(u);
}

/**
 * Sends the gathered member changes: one PATCH per group (split by the client into chunks of the
 * app's members-per-PATCH), then records what the target accepted. A failed chunk leaves the earlier
 * chunks recorded and the group queued for a full comparison in the next cycle.
 */
export async function applyMemberChanges(run: CycleRun, acc: MemberChanges): Promise<void> {
  for (const [groupId, e] of acc) {
    if (!e.add.size && !e.remove.size) continue;
    run.checkLease();
    const glink = (await run.linksOf([groupId])).get(groupId);
    if (!glink) continue;
    const memberLinks = await run.linkStates([...e.add, ...e.remove]);
    const add = [...e.add].filter((u) => memberLinks.get(u)?.state === 'active');
    const remove = [...e.remove];
    const removeTargets = remove.map((u) => memberLinks.get(u)?.targetId).filter((t): t is string => !!t);
    const display = typeof glink.sent.displayName === 'string' ? glink.sent.displayName : groupId;
    const modified = [{ name: 'members', old: `${remove.length} to remove`, new: `${add.length} to add` }];
    const steps = [{ name: 'action' as const, status: 'success' as const, description: `members: +${add.length} -${remove.length}`, details: { added: add.slice(0, 50), removed: remove.slice(0, 50) } }];
    const base = { kind: 'Group' as const, sourceId: groupId, sourceName: display, targetId: glink.targetId, action: 'members' as const };
    if (run.mode === 'plan') {
      run.log({ ...base, status: 'success', steps, modified });
      continue;
    }
    const ops: PatchOperation[] = [];
    if (add.length) ops.push({ op: 'addMembers', members: add.map((u) => memberLinks.get(u)!.targetId) });
    if (removeTargets.length) ops.push({ op: 'removeMembers', members: removeTargets });
    try {
      if (ops.length) await run.client.patch('Groups', glink.targetId, ops);
      await run.deps.links.recordMembers(run.app.id, groupId, add, remove);
      run.count('members:added', add.length);
      run.count('members:removed', remove.length);
      run.log({ ...base, status: 'success', steps, modified });
    } catch (err) {
      if (isScimClientError(err) && err.applied?.length) {
        const targetToSource = new Map([...memberLinks].map(([s, l]) => [l.targetId, s]));
        const done = (kind: 'addMembers' | 'removeMembers') =>
          err.applied!.flatMap((o) => (o.op === kind ? o.members.map((t) => targetToSource.get(t)).filter((s): s is string => !!s) : []));
        await run.deps.links.recordMembers(run.app.id, groupId, done('addMembers'), done('removeMembers'));
      }
      const f = await run.failed('Group', groupId, err, true);
      if (f.handling === 'escrow') await run.deps.dirty.mark(run.app.id, groupId, 'Group', 'members', new Date(run.deps.now()).toISOString());
      run.log({ ...base, status: 'failure', steps: [{ name: 'reference', status: 'failure', description: `member changes failed: ${f.detail}` }], modified, error: f });
    }
  }
}
