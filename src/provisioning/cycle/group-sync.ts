import type { StoredResource } from '../../store/resource-row.js';
import type { PatchOperation } from '../client/patch-operations.js';
import type { Link } from '../links/link-store.js';
import type { LogStep, ModifiedProperty } from '../logs/log-types.js';
import { diffValues } from '../mapping/diff-values.js';
import { mapObject } from '../mapping/map-object.js';
import { resolveSourceAttribute, type SourceObject } from '../mapping/source-attributes.js';
import { buildTargetDoc, readTargetValues } from '../mapping/target-doc.js';
import { evaluateScoping } from '../scoping/index.js';
import type { CycleRun } from './cycle-run.js';
import { matchTarget } from './matching.js';
import { objectHash } from './object-hash.js';
import { mapContext } from './user-sync.js';

/** One group to bring in line: its source state (undefined when deleted there) and its link. */
export interface GroupWork {
  id: string;
  source: StoredResource | undefined;
  link: Link | undefined;
}

function displayOf(w: GroupWork): string {
  const d = w.source?.doc.displayName ?? w.link?.sent.displayName;
  return typeof d === 'string' ? d : w.id;
}

/**
 * Brings one group object in line: create it empty (after matching, as Entra does; members follow by
 * PATCH), rename or update it, or delete it when it left scope or the source (held for the deletion
 * guard). Its members are handled by member-sync.
 */
export async function syncGroup(run: CycleRun, w: GroupWork): Promise<void> {
  const display = displayOf(w);
  const base = { kind: 'Group' as const, sourceId: w.id, sourceName: display };
  const steps: LogStep[] = [];
  const skip = (description: string, targetId: string | null = w.link?.targetId ?? null) =>
    run.log({ ...base, targetId, action: 'skip', status: 'skipped', steps: [...steps, { name: 'action', status: 'skipped', description }] });
  const remove = (reason: string) => {
    if (!w.link) return skip(`${reason}; never provisioned`, null);
    if (!run.app.settings.delete) {
      if (!w.source) run.dropLink(w.id);
      return skip(`${reason}, but the Delete action is off: the target group is left as it is`);
    }
    if (w.source && run.app.settings.skipOutOfScopeDeletions) return skip(`${reason}; "skip out-of-scope deletions" is on`);
    run.pendingDeletions.push({ kind: 'Group', sourceId: w.id, display, action: 'delete', targetId: w.link.targetId, reason, steps });
  };
  if (!w.source) {
    steps.push({ name: 'import', status: 'success', description: 'deleted in the source' });
    return remove('deleted in the source');
  }
  steps.push({ name: 'import', status: 'success', description: 'read from the source', details: { displayName: w.source.doc.displayName } });
  const ent = await run.scope.group(w.id);
  const obj: SourceObject = { kind: 'Group', id: w.id, doc: w.source.doc, isSoftDeleted: false, appRoles: ent.roles };
  const scoping = evaluateScoping(run.groups.scoping, (name) => resolveSourceAttribute(obj, name));
  const inScope = ent.entitled && scoping.inScope;
  steps.push({
    name: 'scope',
    status: inScope ? 'success' : 'skipped',
    description: inScope ? `in scope: ${ent.reason}` : ent.entitled ? 'out of scope: a scoping filter excludes it' : `out of scope: ${ent.reason}`,
    details: { assigned: ent.entitled, roles: ent.roles, scopingClauses: scoping.clauses },
  });
  if (!inScope) return remove(steps[steps.length - 1]!.description);

  const hash = objectHash([run.app.configVersion, w.source.seq, ent.roles.join('\n')]);
  if (w.link && w.link.hash === hash) return skip('already in this state in the target (redundant)');
  try {
    const mapped = await mapObject(run.groups, obj, w.link ? 'update' : 'create', mapContext(run));
    let link = w.link;
    let adopted = false;
    if (!link) {
      const match = await matchTarget(run, run.groups, mapped.values);
      steps.push(match.step);
      if (!match.hasMatchingValue) return skip('no matching attribute has a value: the group cannot be matched safely', null);
      if (match.target) {
        link = { sourceId: w.id, kind: 'Group', targetId: match.target.id, state: 'active', sent: readTargetValues(run.groups, match.target), hash: '', pendingManager: null };
        adopted = true;
      } else {
        if (!run.app.settings.create) return skip('not in the target, and the Create action is off', null);
        const modified: ModifiedProperty[] = Object.entries(mapped.values).map(([name, v]) => ({ name, old: null, new: v }));
        if (run.mode === 'plan') return run.log({ ...base, targetId: null, action: 'create', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: 'would create the group' }], modified });
        let created;
        try {
          created = await run.client.create('Groups', buildTargetDoc(run.groups, mapped.values));
        } catch (err) {
          const again = (err as { status?: number }).status === 409 || (err as { kind?: string }).kind === 'unknownOutcome' ? await matchTarget(run, run.groups, mapped.values, { askTarget: true }) : undefined;
          if (!again?.target) throw err;
          link = { sourceId: w.id, kind: 'Group', targetId: again.target.id, state: 'active', sent: readTargetValues(run.groups, again.target), hash: '', pendingManager: null };
          adopted = true;
        }
        if (created) {
          run.setLink({ sourceId: w.id, kind: 'Group', targetId: created.id, state: 'active', sent: mapped.values, hash, pendingManager: null });
          run.fullGroups.add(w.id);
          run.ok(w.id);
          return run.log({ ...base, targetId: created.id, action: 'create', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: `created target group ${created.id}` }], modified });
        }
      }
    }
    // A matched group existed already: it is updated, so "only during creation" mappings do not apply.
    const values = adopted && run.groups.mappings.some((m) => m.apply === 'create') ? (await mapObject(run.groups, obj, 'update', mapContext(run))).values : mapped.values;
    const diff = diffValues(link!.sent, values, { flowNull: run.app.settings.flowNullValues, ignored: mapped.ignored, redacted: mapped.redacted });
    const newLink: Link = { ...link!, sent: diff.next, hash };
    if (adopted) run.fullGroups.add(w.id);
    if (!diff.ops.length || !run.app.settings.update) {
      if (run.mode === 'execute') run.setLink(diff.ops.length ? { ...newLink, sent: link!.sent } : newLink);
      run.ok(w.id);
      return skip(diff.ops.length ? 'differs from the target, but the Update action is off' : adopted ? 'matched an existing target group that already holds these values (linked)' : 'already in this state in the target (redundant)', link!.targetId);
    }
    if (run.mode === 'plan') return run.log({ ...base, targetId: link!.targetId, action: 'update', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: 'would update the group' }], modified: diff.modified });
    const ops: PatchOperation[] = diff.ops.map((o) => (o.op === 'remove' ? { op: 'remove', path: o.path } : { op: 'replace', path: o.path, value: o.value }));
    try {
      await run.client.patch('Groups', link!.targetId, ops);
    } catch (err) {
      if ((err as { status?: number }).status === 404 && !adopted) run.dropLink(w.id);
      throw err;
    }
    run.setLink(newLink);
    run.ok(w.id);
    run.log({ ...base, targetId: link!.targetId, action: 'update', status: 'success', steps: [...steps, { name: 'action', status: 'success', description: adopted ? `matched target group ${link!.targetId} and updated what differed` : 'updated what changed' }], modified: diff.modified });
  } catch (err) {
    const f = await run.failed('Group', w.id, err);
    run.log({ ...base, targetId: w.link?.targetId ?? null, action: w.link ? 'update' : 'create', status: f.handling === 'defer' ? 'deferred' : 'failure', steps: [...steps, { name: 'action', status: 'failure', description: f.detail }], error: f });
  }
}
