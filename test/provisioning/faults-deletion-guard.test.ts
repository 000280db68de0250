// The accidental-deletion guard, end to end on both databases: a cycle that would disable or delete more
// than the app's threshold holds all of them, sends none of them (the target keeps those users, active,
// in their groups, however the source moved them), shows them in the status and the logs, and e-mails the notification address once
// through a real SMTP listener. `scimkit reject-deletes` drops them and later cycles leave them alone
// until they change again in the source or a full re-evaluation plans them again; `scimkit
// approve-deletes` carries them out, and the target ends exactly as the source says.
import { afterEach, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../src/provisioning/notify/mailer.js';
import { loadSecretKey } from '../../src/provisioning/secrets/secret-key.js';
import { runCli } from '../support/cli-process.js';
import { DIALECTS } from '../support/databases.js';
import { faultDirectory, userNameOf, type FaultDirectory } from '../support/fault-directory.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener.js';
import type { TargetState } from '../support/target-state.js';

const KEY = 'a-test-secret-key-that-is-long-enough';
const NOTIFY = 'provisioning-admins@corp.example';

/** The state with these users deleted, these disabled (both out of every group), and edits applied to users. */
function expectedAfter(before: TargetState, o: { deleted: number[]; disabled: number[]; edit?: Record<number, (u: Record<string, unknown>) => Record<string, unknown>> }): TargetState {
  const gone = new Set([...o.deleted, ...o.disabled].map(userNameOf));
  const deleted = new Set(o.deleted.map(userNameOf));
  const disabled = new Set(o.disabled.map(userNameOf));
  const edits = new Map(Object.entries(o.edit ?? {}).map(([i, f]) => [userNameOf(Number(i)), f]));
  return {
    users: before.users
      .filter((u) => !deleted.has(String(u.userName)))
      .map((u) => (disabled.has(String(u.userName)) ? { ...u, active: false } : u))
      .map((u) => edits.get(String(u.userName))?.(u) ?? u),
    groups: before.groups.map((g) => ({ ...g, members: g.members.filter((m) => !gone.has(m)) })),
  };
}

const withMobile = (mobile: string) => (u: Record<string, unknown>) => ({ ...u, phoneNumbers: (u.phoneNumbers as { type: string }[]).map((p) => (p.type === 'mobile' ? { ...p, value: mobile } : p)) });

for (const dialect of DIALECTS) {
  describe(`${dialect}: the accidental-deletion guard`, { timeout: 240_000 }, () => {
    let s: Scenario | undefined;
    let smtp: SmtpListener | undefined;
    afterEach(async () => {
      await s?.close();
      await smtp?.close();
      s = undefined;
    });

    it('holds the disables and deletes past the threshold, e-mails once, and carries them out or drops them as the admin says', async () => {
      smtp = await startSmtpListener();
      s = await startScenario(dialect, { secretKey: loadSecretKey(':memory:', { SCIMKIT_SECRET_KEY: KEY }), mailer: smtpMailer(smtp.url, 'scimkit <scimkit@corp.example>') });
      const dir: FaultDirectory = await faultDirectory(s.src);
      const app = await s.engine.createApp({
        tenant: s.source,
        name: 'guarded',
        template: 'generic',
        targetUrl: s.targetUrl,
        token: s.targetToken,
        settings: { deletionThreshold: 4, notificationEmail: NOTIFY, notifyOnFailure: true },
      });
      await dir.assign(s.engine, app.id);
      const cli = (...args: string[]) => runCli([...args, 'guarded', '--db', s!.server.dbUrl, '--json'], { SCIMKIT_SECRET_KEY: KEY });
      const id = (i: number) => dir.users.get(i)!;

      expect(await s.engine.sync(app.id)).toMatchObject({ kind: 'initial', status: 'succeeded', held: 0 });
      const initial = await s.targetState();
      expect(initial).toEqual(dir.expected());

      // Five disables and deletes (threshold 4): two users deleted, three out of every assigned group;
      // and one ordinary update.
      await s.src.remove('User', id(10));
      await s.src.remove('User', id(11));
      await s.src.removeMembers(dir.groups.staff, [id(12), id(13)]);
      await s.src.removeMembers(dir.groups.teamB, [id(12), id(13)]);
      await s.src.removeMembers(dir.groups.contractors, [id(20)]);
      await s.src.change(id(5), { phoneNumbers: [{ value: '+1 555 9999', type: 'mobile' }] });
      const held = await s.engine.sync(app.id);
      expect(held).toMatchObject({ kind: 'incremental', status: 'succeeded', held: 5 });
      // Nothing of them was sent: those users are there, active and in their target groups (though the
      // source took them out); creates and updates go on meanwhile: the update went through.
      const whileHeld = expectedAfter(initial, { deleted: [], disabled: [], edit: { 5: withMobile('+1 555 9999') } });
      expect(await s.targetState()).toEqual(whileHeld);

      const status = await s.engine.status(app.id);
      expect(status.held.count).toBe(5);
      expect(status.held.items.map((h) => `${h.action} ${h.display}`).sort()).toEqual([
        `delete ${userNameOf(10)}`,
        `delete ${userNameOf(11)}`,
        `disable ${userNameOf(12)}`,
        `disable ${userNameOf(13)}`,
        `disable ${userNameOf(20)}`,
      ]);
      const logged = await s.engine.ctx.logs.query(app.id, { status: ['held'], cycleId: held.cycleId });
      expect(logged.map((l) => l.sourceName).sort()).toEqual([10, 11, 12, 13, 20].map(userNameOf));
      expect(logged[0]!.steps.at(-1)!.description).toMatch(/held by the accidental-deletion guard \(5 disables\/deletes exceed the deletion threshold of 4\)/);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({ from: 'scimkit@corp.example', to: [NOTIFY], subject: 'scimkit: guarded: 5 deletions held for approval' });
      expect(smtp.messages[0]!.text).toContain('scimkit approve-deletes guarded');

      // While deletions are held, a further one joins them rather than going out: one more held, no second e-mail.
      await s.src.remove('User', id(14));
      expect(await s.engine.sync(app.id)).toMatchObject({ status: 'succeeded', held: 1 });
      expect((await s.engine.status(app.id)).held.count).toBe(6);
      expect(await s.targetState()).toEqual(whileHeld);
      expect(smtp.messages).toHaveLength(1);

      // Rejected: nothing sent, and later cycles do not plan them again while they do not change.
      const rejected = await cli('reject-deletes');
      expect(rejected).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(rejected.stdout)).toEqual({ rejected: 6 });
      for (let i = 0; i < 2; i++) expect(await s.engine.sync(app.id)).toMatchObject({ status: 'succeeded', held: 0, counts: {} });
      expect((await s.engine.status(app.id)).held.count).toBe(0);
      expect(await s.targetState()).toEqual(whileHeld);

      // A new change to one of them plans its disable again; alone, it is under the threshold and goes out
      // (a user out of scope gets the disable only, not the new title).
      await s.src.change(id(12), { title: 'Left' });
      expect(await s.engine.sync(app.id)).toMatchObject({ status: 'succeeded', held: 0 });
      const oneDisabled = expectedAfter(initial, { deleted: [], disabled: [12], edit: { 5: withMobile('+1 555 9999') } });
      expect(await s.targetState()).toEqual(oneDisabled);

      // A full re-evaluation plans the five left; more than the threshold again: held again, e-mailed again.
      expect(await s.engine.sync(app.id, { restart: true })).toMatchObject({ kind: 'initial', status: 'succeeded', held: 5 });
      expect(await s.targetState()).toEqual(oneDisabled);
      expect(smtp.messages.map((m) => m.subject)).toEqual(['scimkit: guarded: 5 deletions held for approval', 'scimkit: guarded: 5 deletions held for approval']);

      // Approved: carried out, exactly.
      const approved = await cli('approve-deletes');
      expect(approved).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(approved.stdout)).toMatchObject({ approved: 5, cycle: { status: 'succeeded', held: 0 } });
      expect((await s.engine.status(app.id)).held.count).toBe(0);
      expect(await s.targetState()).toEqual(expectedAfter(initial, { deleted: [10, 11, 14], disabled: [12, 13, 20], edit: { 5: withMobile('+1 555 9999') } }));
      expect(await s.engine.sync(app.id)).toMatchObject({ status: 'succeeded', held: 0, counts: {} });
    });
  });
}
