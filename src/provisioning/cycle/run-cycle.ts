import type { Entitlement } from '../assignments/scope-resolver.js';
import type { CycleRun } from './cycle-run.js';
import { settleDeletions, type DeletionOutcome } from './deletions.js';
import type { DirtyEntry } from './dirty-store.js';
import { syncGroup } from './group-sync.js';
import type { HeldDeleteStore } from './held-deletes.js';
import { applyMemberChanges, groupMemberChanges, userMemberChanges, type MemberChanges } from './member-sync.js';
import { TargetSnapshot } from './target-snapshot.js';
import { syncUser } from './user-sync.js';
import { forEachLimited } from './work-pool.js';

const PAGE = 500;

/** What a cycle works through besides the change feed: queued objects, escrow retries and held deletions to re-plan. */
export interface CycleInputs {
  /** Process the whole directory (initial cycle, configuration change, restart) instead of the changes since the watermark. */
  full: boolean;
  /** The feed position the cycle starts from (ignored when full) and the snapshot it ends at. */
  after: number;
  upTo: number;
  dirty: DirtyEntry[];
  escrowDue: { sourceId: string; kind: 'User' | 'Group' }[];
  /** Held deletions an admin allowed: re-planned and run whatever their number. */
  forceDeletes: { sourceId: string; kind: 'User' | 'Group' }[];
}

/** What the cycle did, for the cycle record, the quarantine decision and the e-mail. */
export interface CycleOutcome {
  deletions: DeletionOutcome;
}

async function processUsers(run: CycleRun, ids: string[], entitlements?: Map<string, Entitlement>): Promise<void> {
  for (let i = 0; i < ids.length; i += PAGE) {
    run.checkLease();
    const page = ids.slice(i, i + PAGE);
    const [sources, links] = await Promise.all([run.dir.getMany(page), run.linksOf(page)]);
    await forEachLimited(page, run.app.settings.concurrency * 2, (id) => syncUser(run, { id, source: sources.get(id), link: links.get(id), ...(entitlements?.has(id) ? { entitlement: entitlements.get(id)! } : {}) }));
    run.cycle.done += page.length;
    await run.flush();
  }
}

async function processGroups(run: CycleRun, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += PAGE) {
    run.checkLease();
    const page = ids.slice(i, i + PAGE);
    const [sources, links] = await Promise.all([run.dir.getMany(page), run.linksOf(page)]);
    await forEachLimited(page, run.app.settings.concurrency, (id) => syncGroup(run, { id, source: sources.get(id), link: links.get(id) }));
    run.cycle.done += page.length;
    await run.flush();
  }
}

/** Linked objects of one kind that the cycle did not process yet: they left scope or the source, or never were reached. */
async function unseenLinks(run: CycleRun, kind: 'User' | 'Group', seen: Set<string>): Promise<string[]> {
  const out: string[] = [];
  let after = '';
  for (;;) {
    const rows = await run.deps.links.idsAfter(run.app.id, kind, after, 5000);
    for (const r of rows) if (!seen.has(r.sourceId)) out.push(r.sourceId);
    if (rows.length < 5000) return out;
    after = rows[rows.length - 1]!.sourceId;
  }
}

/** Users that are waiting for a manager who got a target id in this cycle, processed again so they get the reference. */
async function managerPass(run: CycleRun): Promise<void> {
  for (let round = 0; round < 3 && run.linkedUsers.size; round++) {
    const managers = [...run.linkedUsers];
    run.linkedUsers.clear();
    const waiting = await run.deps.links.waitingFor(run.app.id, managers);
    // Pending links written in this cycle are not in the table yet in plan mode; they are in execute mode (flushed per page).
    if (waiting.length) await processUsers(run, waiting);
  }
}

/** Reads the target users' matching values when many in-scope users have no link yet (an initial cycle): one list instead of a GET each. */
async function readUserSnapshot(run: CycleRun, inScope: number): Promise<void> {
  const unlinked = inScope - (await run.deps.links.count(run.app.id, 'User'));
  run.userSnapshot = await TargetSnapshot.read(run.client, run.users, unlinked, run.deps.snapshot);
}

/** The full evaluation: every object in scope and every linked object, then every provisioned group's whole member list. */
async function fullPass(run: CycleRun, inputs: CycleInputs): Promise<void> {
  const seenUsers = new Set<string>();
  if (run.app.settings.scope === 'assigned') {
    const assigned = await run.scope.expand();
    const ids = [...assigned.users.keys()];
    run.cycle.total += ids.length + assigned.groups.size;
    await readUserSnapshot(run, ids.length);
    const ents = new Map<string, Entitlement>([...assigned.users].map(([id, roles]) => [id, { entitled: true, roles, reason: 'assigned to the app, directly or through a group', via: [] }]));
    for (const id of assigned.defaultAccessOnly) ents.set(id, { entitled: false, roles: [], reason: 'assigned only with the "Default Access" role, which is not provisioned', via: [] });
    await processUsers(run, ids, ents);
    ids.forEach((id) => seenUsers.add(id));
    const rest = await unseenLinks(run, 'User', seenUsers);
    run.cycle.total += rest.length;
    await processUsers(run, rest, ents);
    await processGroups(run, [...assigned.groups.keys()]);
    const seenGroups = new Set(assigned.groups.keys());
    const restGroups = await unseenLinks(run, 'Group', seenGroups);
    run.cycle.total += restGroups.length;
    await processGroups(run, restGroups);
  } else {
    await readUserSnapshot(run, await run.dir.count('User'));
    for await (const page of run.dir.all('User', PAGE)) {
      run.cycle.total += page.length;
      await processUsers(run, page.map((u) => u.id));
      page.forEach((u) => seenUsers.add(u.id));
    }
    const rest = await unseenLinks(run, 'User', seenUsers);
    run.cycle.total += rest.length;
    await processUsers(run, rest);
    const seenGroups = new Set<string>();
    if (run.groups.enabled) {
      for await (const page of run.dir.all('Group', PAGE)) {
        run.cycle.total += page.length;
        await processGroups(run, page.map((g) => g.id));
        page.forEach((g) => seenGroups.add(g.id));
      }
    }
    const restGroups = await unseenLinks(run, 'Group', seenGroups);
    await processGroups(run, restGroups);
  }
  await managerPass(run);
  void inputs;
}

/** The incremental pass: only what changed since the watermark, what was queued, and what escrow retries now. */
async function incrementalPass(run: CycleRun, inputs: CycleInputs): Promise<void> {
  const users = new Set<string>();
  const groups = new Set<string>();
  for await (const page of run.dir.changes(inputs.after, inputs.upTo)) {
    for (const c of page) (c.kind === 'User' ? users : groups).add(c.id);
  }
  for await (const rows of run.dir.membershipChanges(inputs.after, inputs.upTo)) {
    for (const r of rows) {
      if (r.memberType === 'User') {
        users.add(r.memberId);
        run.membershipUsers.add(r.memberId);
      } else {
        // A nested group moved: every provisioned group above it compares its whole member list, and the users under it may change scope.
        run.fullGroups.add(r.groupId);
        for (const a of await run.dir.ancestors(r.groupId)) run.fullGroups.add(a);
        for (const u of await run.dir.usersUnder(r.memberId)) users.add(u);
      }
    }
  }
  for (const d of [...inputs.dirty, ...inputs.escrowDue, ...inputs.forceDeletes]) {
    if (d.kind === 'User') users.add(d.sourceId);
    else {
      groups.add(d.sourceId);
      run.fullGroups.add(d.sourceId);
      if ('reason' in d && d.reason !== 'members') for (const u of await run.dir.usersUnder(d.sourceId)) users.add(u);
    }
  }
  run.cycle.total = users.size + groups.size;
  // Many users at once (a large group assigned): entitlements top-down in one pass instead of one upward walk each.
  let ents: Map<string, Entitlement> | undefined;
  if (users.size > 2000 && run.app.settings.scope === 'assigned') {
    const assigned = await run.scope.expand();
    ents = new Map();
    for (const id of users) {
      const roles = assigned.users.get(id);
      ents.set(id, roles ? { entitled: true, roles, reason: 'assigned to the app, directly or through a group', via: [] } : { entitled: false, roles: [], reason: assigned.defaultAccessOnly.has(id) ? 'assigned only with the "Default Access" role, which is not provisioned' : 'not assigned to the app, directly or through a group', via: [] });
    }
  }
  await processUsers(run, [...users], ents);
  await processGroups(run, [...groups]);
  await managerPass(run);
}

/**
 * One cycle's work after its preparation: users, then groups, then manager references, then the
 * deletions the guard allows, then group memberships (so disabled users leave their groups in the
 * same cycle; users and groups whose deletion is held keep theirs). Throws CycleAbort when it cannot
 * go on; what was done until then is recorded.
 */
export async function runCyclePasses(run: CycleRun, inputs: CycleInputs, held: HeldDeleteStore): Promise<CycleOutcome> {
  if (inputs.full) await fullPass(run, inputs);
  else await incrementalPass(run, inputs);
  const force = inputs.forceDeletes.length > 0;
  const deletions = await settleDeletions(run, held, force);
  // Held from earlier cycles too (an allowed hold is being carried out now: nothing to keep).
  if (run.mode === 'execute' && !force) for (const h of await held.list(run.app.id)) run.heldIds.add(h.sourceId);
  await run.flush();
  const acc: MemberChanges = new Map();
  // A full cycle compares every provisioned group whole, which decides every member; the per-user
  // upward reads (two queries per user) would only repeat it.
  if (!inputs.full) for (const u of run.membershipUsers) await userMemberChanges(run, u, acc);
  const groupsToCompare = inputs.full ? await allProvisionedGroups(run) : [...run.fullGroups];
  for (const g of groupsToCompare) await groupMemberChanges(run, g, acc);
  await applyMemberChanges(run, acc);
  await run.flush();
  return { deletions };
}

async function allProvisionedGroups(run: CycleRun): Promise<string[]> {
  const out: string[] = [];
  let after = '';
  for (;;) {
    const rows = await run.deps.links.idsAfter(run.app.id, 'Group', after, 5000);
    out.push(...rows.map((r) => r.sourceId));
    if (rows.length < 5000) return out;
    after = rows[rows.length - 1]!.sourceId;
  }
}
