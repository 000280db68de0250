import type { StoredResource } from '../../store/resource-row.js';
import type { Entitlement } from '../assignments/scope-resolver.js';
import type { PatchOperation } from '../client/patch-operations.js';
import type { Link } from '../links/link-store.js';
import type { LogStep, ModifiedProperty } from '../logs/log-types.js';
import { diffValues } from '../mapping/diff-values.js';
import { mapObject, type MappedObject } from '../mapping/map-object.js';
import { resolveSourceAttribute, type SourceObject } from '../mapping/source-attributes.js';
import { buildTargetDoc, readTargetManager, readTargetValues } from '../mapping/target-doc.js';
import { evaluateScoping } from '../scoping/index.js';
import type { CycleRun } from './cycle-run.js';
import { matchingFilter, matchTarget } from './matching.js';
import { objectHash } from './object-hash.js';

/** The enterprise extension's manager attribute: its key in a link's `sent` holds the manager's target id. */
export const MANAGER_KEY = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

/** One user to bring in line: its source state (undefined when deleted there), its link, and optionally a precomputed entitlement. */
export interface UserWork {
  id: string;
  source: StoredResource | undefined;
  link: Link | undefined;
  entitlement?: Entitlement;
}

function displayOf(source: StoredResource | undefined, link: Link | undefined, id: string): string {
  const u = source?.doc.userName ?? link?.sent.userName;
  return typeof u === 'string' ? u : id;
}

/** The scope step for logs and on-demand: entitlement and each scoping clause. */
function scopeStep(ent: Entitlement, inScope: boolean, clauses: unknown[], active: boolean): LogStep {
  return {
    name: 'scope',
    status: inScope ? 'success' : 'skipped',
    description: inScope ? `in scope: ${ent.reason}` : !ent.entitled ? `out of scope: ${ent.reason}` : 'out of scope: a scoping filter excludes it',
    details: { assigned: ent.entitled, roles: ent.roles, via: ent.via, activeInSource: active, scopingClauses: clauses },
  };
}

/** Resolves the manager's source id to its target id through the links; undefined while the manager has none. */
async function managerTarget(run: CycleRun, mapped: MappedObject): Promise<{ targetId: string | null | undefined; pending: string | null }> {
  if (mapped.manager === undefined) return { targetId: undefined, pending: null };
  if (mapped.manager === null) return { targetId: null, pending: null };
  const l = (await run.linkStates([mapped.manager])).get(mapped.manager);
  if (l && l.state === 'active') return { targetId: l.targetId, pending: null };
  return { targetId: undefined, pending: mapped.manager };
}

/**
 * Brings one user in line with the source: create (after matching), a minimal PATCH, a disable when
 * the user left scope or a delete when it left the source (both held back for the deletion guard), or
 * nothing. Failures go to escrow; the cycle goes on with the next user.
 */
export async function syncUser(run: CycleRun, w: UserWork): Promise<void> {
  const { app } = run;
  const display = displayOf(w.source, w.link, w.id);
  const steps: LogStep[] = [];
  const base = { kind: 'User' as const, sourceId: w.id, sourceName: display };
  if (!w.source) {
    steps.push({ name: 'import', status: 'success', description: 'deleted in the source' });
    if (!w.link) return run.log({ ...base, targetId: null, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'never provisioned: nothing to delete' }] });
    if (!app.settings.delete) {
      run.dropLink(w.id);
      return run.log({ ...base, targetId: w.link.targetId, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'deleted in the source, but the Delete action is off: the target user is left as it is' }] });
    }
    run.pendingDeletions.push({ kind: 'User', sourceId: w.id, display, action: 'delete', targetId: w.link.targetId, reason: 'deleted in the source', steps });
    return;
  }
  const active = w.source.doc.active !== false;
  steps.push({ name: 'import', status: 'success', description: 'read from the source', details: { userName: w.source.doc.userName, active } });
  const ent = w.entitlement ?? (await run.scope.user(w.id));
  const obj: SourceObject = { kind: 'User', id: w.id, doc: w.source.doc, isSoftDeleted: !active, appRoles: ent.roles };
  const scoping = evaluateScoping(run.users.scoping, (name) => resolveSourceAttribute(obj, name));
  const inScope = ent.entitled && scoping.inScope;
  steps.push(scopeStep(ent, inScope, scoping.clauses, active));

  if (!inScope) return leaveScope(run, w, steps, display);
  const link = w.link;
  const hash = objectHash([app.configVersion, w.source.seq, ent.roles.join('\n'), active]);
  if (link && link.hash === hash && link.state === 'active' && !link.pendingManager) {
    return run.log({ ...base, targetId: link.targetId, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'already in this state in the target (redundant)' }] });
  }
  try {
    if (!link) await createOrAdopt(run, w, obj, steps, hash, display);
    else await update(run, w, obj, link, steps, hash, display);
  } catch (err) {
    const f = await run.failed('User', w.id, err);
    run.log({ ...base, targetId: link?.targetId ?? null, action: link ? 'update' : 'create', status: f.handling === 'defer' ? 'deferred' : 'failure', steps: [...steps, { name: 'action', status: 'failure', description: f.detail }], error: f });
  }
}

async function leaveScope(run: CycleRun, w: UserWork, steps: LogStep[], display: string): Promise<void> {
  const base = { kind: 'User' as const, sourceId: w.id, sourceName: display };
  const link = w.link;
  if (!link || link.state === 'disabled') {
    return run.log({ ...base, targetId: link?.targetId ?? null, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: link ? 'already disabled in the target' : 'not in scope and never provisioned' }] });
  }
  if (run.app.settings.skipOutOfScopeDeletions) {
    return run.log({ ...base, targetId: link.targetId, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'left scope; "skip out-of-scope deletions" is on, so the target user is left as it is' }] });
  }
  if (!run.app.settings.update) {
    return run.log({ ...base, targetId: link.targetId, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'left scope, but the Update action (which disables) is off' }] });
  }
  run.pendingDeletions.push({ kind: 'User', sourceId: w.id, display, action: 'disable', targetId: link.targetId, reason: steps[steps.length - 1]!.description, steps });
}

async function createOrAdopt(run: CycleRun, w: UserWork, obj: SourceObject, steps: LogStep[], hash: string, display: string): Promise<void> {
  const base = { kind: 'User' as const, sourceId: w.id, sourceName: display };
  if (obj.isSoftDeleted) {
    return run.log({ ...base, targetId: null, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'disabled in the source: a disabled user is not created (as in Entra ID)' }] });
  }
  const mapped = await mapObject(run.users, obj, 'create', mapContext(run));
  const match = await matchTarget(run, run.users, mapped.values);
  steps.push(match.step);
  if (!match.hasMatchingValue) {
    return run.log({ ...base, targetId: null, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'no matching attribute has a value: the user cannot be matched safely' }] });
  }
  const mgr = await managerTarget(run, mapped);
  if (match.target) return adopt(run, w, obj, mgr, match.target, steps, hash, display);
  if (!run.app.settings.create) {
    return run.log({ ...base, targetId: null, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'not in the target, and the Create action is off' }] });
  }
  const doc = buildTargetDoc(run.users, mapped.values, mgr.targetId ?? undefined);
  const modified: ModifiedProperty[] = Object.entries(mapped.values).map(([name, v]) => ({ name, old: null, new: mapped.redacted.has(name) ? '[Redact]' : v }));
  if (mgr.targetId) modified.push({ name: MANAGER_KEY, old: null, new: mgr.targetId });
  if (run.mode === 'plan') {
    return run.log({ ...base, targetId: null, action: 'create', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: 'would create the user' }], modified });
  }
  let created;
  try {
    created = await run.client.create('Users', doc);
  } catch (err) {
    // A 409 means the user exists after all (created meanwhile, or invisible to the filter a moment ago): match again, never a second user.
    const again = (err as { status?: number }).status === 409 || (err as { kind?: string }).kind === 'unknownOutcome' ? await matchTarget(run, run.users, mapped.values, { askTarget: true }) : undefined;
    if (!again?.target) throw err;
    steps.push({ ...again.step, description: `create answered ${(err as { status?: number }).status ?? 'nothing'}; ${again.step.description}` });
    return adopt(run, w, obj, mgr, again.target, steps, hash, display);
  }
  run.userSnapshot?.add(mapped.values);
  const sent = { ...mapped.values, ...(mgr.targetId ? { [MANAGER_KEY]: mgr.targetId } : {}) };
  run.setLink({ sourceId: w.id, kind: 'User', targetId: created.id, state: 'active', sent, hash, pendingManager: mgr.pending });
  run.linkedUsers.add(w.id);
  run.membershipUsers.add(w.id);
  run.ok(w.id);
  run.log({ ...base, targetId: created.id, action: 'create', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: `created target user ${created.id}` }], modified });
}

/** Links a matched target user and sends only what differs from what it holds; an existing user is updated, so "only during creation" mappings do not apply. */
async function adopt(run: CycleRun, w: UserWork, obj: SourceObject, mgr: { targetId: string | null | undefined; pending: string | null }, target: { id: string } & Record<string, unknown>, steps: LogStep[], hash: string, display: string): Promise<void> {
  const mapped = await mapObject(run.users, obj, 'update', mapContext(run));
  const current = readTargetValues(run.users, target);
  const currentManager = readTargetManager(run.users, target);
  if (currentManager) current[MANAGER_KEY] = currentManager;
  const link: Link = { sourceId: w.id, kind: 'User', targetId: target.id, state: 'active', sent: current, hash: '', pendingManager: null };
  await sendUpdate(run, w, mapped, mgr, link, steps, hash, display, true);
}

async function update(run: CycleRun, w: UserWork, obj: SourceObject, link: Link, steps: LogStep[], hash: string, display: string): Promise<void> {
  const mapped = await mapObject(run.users, obj, 'update', mapContext(run));
  const mgr = await managerTarget(run, mapped);
  await sendUpdate(run, w, mapped, mgr, link, steps, hash, display, false);
}

async function sendUpdate(run: CycleRun, w: UserWork, mapped: MappedObject, mgr: { targetId: string | null | undefined; pending: string | null }, link: Link, steps: LogStep[], hash: string, display: string, adopted: boolean): Promise<void> {
  const base = { kind: 'User' as const, sourceId: w.id, sourceName: display, targetId: link.targetId };
  const { [MANAGER_KEY]: sentManager, ...sentValues } = link.sent;
  const diff = diffValues(sentValues, mapped.values, { flowNull: run.app.settings.flowNullValues, ignored: mapped.ignored, redacted: mapped.redacted });
  const ops: PatchOperation[] = diff.ops.map((o) => (o.op === 'remove' ? { op: 'remove', path: o.path } : { op: 'replace', path: o.path, value: o.value }));
  const next: Record<string, unknown> = { ...diff.next };
  const modified = [...diff.modified];
  if (mgr.targetId !== undefined && (mgr.targetId ?? undefined) !== sentManager) {
    if (mgr.targetId !== null || run.app.settings.flowNullValues) {
      ops.push({ op: 'manager', id: mgr.targetId });
      modified.push({ name: MANAGER_KEY, old: sentManager ?? null, new: mgr.targetId });
    }
  }
  if (mgr.targetId) next[MANAGER_KEY] = mgr.targetId;
  else if (mgr.targetId === null && run.app.settings.flowNullValues) delete next[MANAGER_KEY];
  else if (sentManager !== undefined) next[MANAGER_KEY] = sentManager;
  const wasDisabled = link.state === 'disabled';
  const newLink: Link = { ...link, state: 'active', sent: next, hash, pendingManager: mgr.pending };
  if (!ops.length) {
    if (run.mode === 'execute') run.setLink(newLink);
    if (adopted || wasDisabled) {
      run.linkedUsers.add(w.id);
      run.membershipUsers.add(w.id);
    }
    run.ok(w.id);
    return run.log({ ...base, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: adopted ? 'matched an existing target user that already holds these values (linked)' : 'already in this state in the target (redundant)' }] });
  }
  if (!run.app.settings.update) {
    if (adopted && run.mode === 'execute') run.setLink({ ...newLink, sent: link.sent });
    return run.log({ ...base, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description: 'differs from the target, but the Update action is off' }], modified });
  }
  if (run.mode === 'plan') return run.log({ ...base, action: 'update', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: 'would update the user' }], modified });
  try {
    await run.client.patch('Users', link.targetId, ops);
  } catch (err) {
    // The target no longer has the linked user (deleted there): forget the link; the next attempt matches or creates it again.
    if ((err as { status?: number }).status === 404 && !adopted) run.dropLink(w.id);
    throw err;
  }
  run.setLink(newLink);
  if (adopted || wasDisabled) {
    run.linkedUsers.add(w.id);
    run.membershipUsers.add(w.id);
  }
  run.ok(w.id);
  run.log({ ...base, action: 'update', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: adopted ? `matched target user ${link.targetId} and updated what differed` : wasDisabled ? 'back in scope: re-enabled and updated' : 'updated what changed' }], modified });
}

/** What expression evaluation needs from the cycle: its clock, randomness, and for SelectUniqueValue the target. */
export function mapContext(run: CycleRun) {
  return {
    now: () => new Date(run.deps.now()),
    random: () => run.deps.random(),
    isUniqueInTarget: async (path: string, value: string) => {
      const m = run.users.mappings.find((x) => x.key === path);
      return !m || (await run.client.findByFilter('Users', matchingFilter(m, value))).length === 0;
    },
  };
}
