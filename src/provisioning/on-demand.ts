import type { App } from './apps/app-types.js';
import { CycleRun } from './cycle/cycle-run.js';
import { settleDeletions } from './cycle/deletions.js';
import { CycleAbort } from './cycle/failure.js';
import { syncGroup } from './cycle/group-sync.js';
import { applyMemberChanges, groupMemberChanges, userMemberChanges, type MemberChanges } from './cycle/member-sync.js';
import { syncUser } from './cycle/user-sync.js';
import type { EngineContext } from './engine-context.js';
import type { PrincipalRef } from './assignments/principal-ref.js';
import { provError } from './errors.js';
import type { LogRecord } from './logs/log-types.js';
import { SourceDirectory } from './source/source-directory.js';

/** What provision on demand did: one log record per object touched, each with its steps (import, scope, match, action). */
export interface OnDemandResult {
  cycleId: string;
  records: LogRecord[];
  /** Set when the target could not be reached or refused the credentials (Entra's Test Connection step, shown on failure). */
  error: string | null;
}

/** Most members of a group provisioned on demand in one call (Entra: 5). */
export const ON_DEMAND_MAX_MEMBERS = 1000;

/**
 * Entra's "Provision on demand": one user (or one group and its members) now, whatever the app's status
 * and schedule, with every step reported. A user who left scope is disabled at once (no deletion guard
 * for one object); the user's group memberships follow.
 */
export async function provisionOnDemand(ctx: EngineContext, app: App, who: PrincipalRef): Promise<OnDemandResult> {
  const dir = new SourceDirectory(ctx.store, app.tenantId);
  const source = 'user' in who ? await dir.findUser(who.user) : await dir.findGroup(who.group);
  if (!source) throw provError.notFound(`no ${'user' in who ? 'user' : 'group'} ${JSON.stringify('user' in who ? who.user : who.group)} in the app's source tenant`);
  let cycle = await ctx.cycles.start(app.id, 'on-demand');
  const client = await ctx.clientFor(app);
  const run = new CycleRun(ctx.cycleDeps(), app, client, cycle, 'execute', undefined, true);
  run.keepRecords = true;
  let error: string | null = null;
  try {
    const acc: MemberChanges = new Map();
    if (source.kind === 'User') {
      await syncUser(run, { id: source.id, source, link: (await run.linksOf([source.id])).get(source.id) });
      await settleDeletions(run, ctx.held, true);
      await run.flush();
      await userMemberChanges(run, source.id, acc);
    } else {
      await syncGroup(run, { id: source.id, source, link: (await run.linksOf([source.id])).get(source.id) });
      await run.flush();
      const users = [...(await dir.usersUnder(source.id))].slice(0, ON_DEMAND_MAX_MEMBERS);
      const sources = await dir.getMany(users);
      const links = await run.linksOf(users);
      for (const id of users) await syncUser(run, { id, source: sources.get(id), link: links.get(id) });
      await settleDeletions(run, ctx.held, true);
      await run.flush();
      await groupMemberChanges(run, source.id, acc);
    }
    await applyMemberChanges(run, acc);
    await run.flush();
  } catch (err) {
    if (!(err instanceof CycleAbort)) throw err;
    error = err.reason;
    run.log({
      kind: source.kind,
      sourceId: source.id,
      sourceName: String(source.doc.userName ?? source.doc.displayName ?? source.id),
      targetId: null,
      action: 'skip',
      status: 'failure',
      steps: [{ name: 'action', status: 'failure', description: `Test connection failed: ${err.reason}` }],
      ...(err.failure ? { error: err.failure } : {}),
    });
    await run.flush().catch(() => undefined);
  } finally {
    await client.close().catch(() => undefined);
  }
  cycle = await ctx.cycles.finish(run.cycle, error ? 'failed' : (run.counts.failure ?? 0) > 0 ? 'partial' : 'succeeded', error);
  return { cycleId: cycle.id, records: run.records, error };
}
