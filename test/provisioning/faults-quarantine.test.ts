// Quarantine end to end, on both databases: a target that refuses every user create puts an app that is
// On in quarantine, with the reason in its status; the notification address gets ONE e-mail, sent by the
// engine's nodemailer mailer to a real SMTP listener; the server's scheduler then runs the app only on
// its backed-off schedule (source changes no longer start cycles), and a cycle where everything still
// fails keeps it there. Once the target accepts again, the next scheduled cycle succeeds, lifts the
// quarantine, and the target is exact; change-triggered cycles are back. The engine's and the
// scheduler's clock is moved on instead of waiting hours.
import { afterEach, describe, expect, it } from 'vitest';
import { dueReason, inProcessScheduler, type CycleScheduler } from '../../src/jobs/cycle-scheduler.js';
import { smtpMailer } from '../../src/provisioning/notify/mailer.js';
import { DIALECTS } from '../support/databases.js';
import { expectedTargetUser, sourceUserDoc, type UserFacts } from '../support/expected-users.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';
import { startSmtpListener, type SmtpListener } from '../support/smtp-listener.js';

const NOTIFY = 'provisioning-admins@corp.example';
const MINUTE = 60_000;
const USERS = 70;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const factsOf = (i: number): UserFacts => ({ userName: `q${String(i).padStart(2, '0')}@corp.example`, active: true, givenName: `Q${i}`, familyName: 'Person', displayName: `Q${i} Person`, mail: `q${i}@corp.example` });

for (const dialect of DIALECTS) {
  describe(`${dialect}: quarantine and its e-mail`, { timeout: 180_000 }, () => {
    let s: Scenario | undefined;
    let smtp: SmtpListener | undefined;
    let proxy: FaultProxy | undefined;
    let scheduler: CycleScheduler | undefined;
    afterEach(async () => {
      await scheduler?.stop();
      await proxy?.close();
      await s?.close();
      await smtp?.close();
      scheduler = s = proxy = smtp = undefined;
    });

    async function setup(settings: Record<string, unknown>) {
      smtp = await startSmtpListener();
      let skew = 0;
      const now = () => Date.now() + skew;
      // Escrow retries an hour after a failure: a scheduled cycle 41 minutes in has no retry due yet.
      s = await startScenario(dialect, { now, mailer: smtpMailer(smtp.url, 'scimkit <scimkit@corp.example>'), escrowSchedule: { delaysMs: [60 * MINUTE], giveUpAfterMs: 30 * 24 * 60 * MINUTE } });
      proxy = await startFaultProxy(s.server.origin);
      const facts = Array.from({ length: USERS }, (_, i) => factsOf(i));
      const ids: string[] = [];
      for (const f of facts) ids.push((await s.src.user(f.userName, sourceUserDoc(f))).id);
      const everyone = await s.src.group('Everyone', ids);
      const app = await s.engine.createApp({ tenant: s.source, name: 'quarantined', template: 'generic', targetUrl: proxy.via(s.targetUrl), token: s.targetToken, settings: { notificationEmail: NOTIFY, ...settings } });
      await s.engine.assign(app.id, { group: everyone.id });
      await s.engine.setStatus(app.id, 'on');
      const expected = () => ({
        users: facts.map((f) => expectedTargetUser('generic', f)).sort((a, b) => String(a.userName).localeCompare(String(b.userName))),
        groups: [{ displayName: 'Everyone', externalId: everyone.id, members: facts.map((f) => f.userName).sort() }],
      });
      return { s, smtp, proxy, app, ids, now, advance: (ms: number) => (skew += ms), expected };
    }

    it('quarantines a target that fails most requests, mails once, backs off, and lifts on success', async () => {
      const { s, smtp, proxy, app, ids, now, advance, expected } = await setup({ notifyOnFailure: true });
      const refuse = proxy.inject({ action: { kind: 'status', status: 500 }, methods: ['POST'], path: /\/Users$/ });

      const first = await s.engine.sync(app.id);
      expect(first).toMatchObject({ kind: 'initial', status: 'partial', quarantine: { reason: 'EncounteredEscrowProportionThreshold' } });
      expect(first.counts.failure).toBe(USERS);
      const status = await s.engine.status(app.id);
      expect(status.state).toBe('quarantine');
      expect(status.app.quarantine).toMatchObject({ reason: 'EncounteredEscrowProportionThreshold', detail: expect.stringMatching(/^70 of \d+ objects failed \(\d+ %, limit 40 % from 50 failures\)$/) });
      // The next cycle at least the interval (40 min) away.
      expect(Date.parse(status.nextCycleAt!) - now()).toBeGreaterThan(39 * MINUTE);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({ from: 'scimkit@corp.example', to: [NOTIFY], subject: 'scimkit: quarantined: provisioning is in quarantine (EncounteredEscrowProportionThreshold)' });
      expect(smtp.messages[0]!.text).toMatch(/^Provisioning of quarantined is in quarantine since .+: 70 of \d+ objects failed/);
      expect(smtp.messages[0]!.text).toContain('scimkit logs quarantined --status failure');

      // The server's scheduler: a source change starts no cycle while the app is in quarantine.
      scheduler = inProcessScheduler(s.engine, { pollMs: 50, now });
      scheduler.start();
      const cycles = async () => s.engine.ctx.cycles.recent(app.id, 50);
      await s.src.change(ids[0]!, { title: 'Changed' });
      await sleep(1_500);
      expect(await cycles()).toHaveLength(1);
      expect(await dueReason(s.engine, await s.engine.app(app.id), now())).toBeUndefined();

      // Its scheduled time: one cycle, for the changed user only (no retry due yet), which fails again.
      // Nothing succeeded, so the app stays in quarantine, and the wait grows with the time spent there.
      advance(41 * MINUTE);
      const second = await until('the scheduled cycle', async () => (await cycles()).find((c, i, all) => all.length === 2 && i === 0 && c.status !== 'running'));
      expect(second).toMatchObject({ kind: 'incremental', status: 'partial', counts: { failure: 1 } });
      const after2 = await s.engine.status(app.id);
      expect(after2.app.quarantine).toMatchObject({ reason: 'EncounteredEscrowProportionThreshold', since: status.app.quarantine!.since });
      expect(Date.parse(after2.nextCycleAt!) - now()).toBeGreaterThan(40 * MINUTE);

      // Next scheduled time: the users escrowed by the first cycle are due and fail again (the one retried
      // in the second cycle is not due yet); same reason, no second e-mail.
      advance(Date.parse(after2.nextCycleAt!) - now() + MINUTE);
      const third = await until('the second scheduled cycle', async () => (await cycles()).find((c, i, all) => all.length === 3 && i === 0 && c.status !== 'running'));
      expect(third).toMatchObject({ status: 'partial', counts: { failure: USERS - 1 } });
      const after3 = await s.engine.status(app.id);
      expect(after3.state).toBe('quarantine');
      expect(Date.parse(after3.nextCycleAt!) - now()).toBeGreaterThan(80 * MINUTE);
      expect(smtp.messages).toHaveLength(1);

      // The target accepts again: the next scheduled cycle succeeds and lifts the quarantine.
      refuse.remove();
      advance(Date.parse(after3.nextCycleAt!) - now() + MINUTE);
      const fourth = await until('the cycle after the target recovered', async () => (await cycles()).find((c, i, all) => all.length === 4 && i === 0 && c.status !== 'running'));
      expect(fourth).toMatchObject({ status: 'succeeded' });
      const lifted = await s.engine.status(app.id);
      expect(lifted.app.quarantine).toBeNull();
      expect(lifted.state).toBe('on');
      const want = expected();
      want.users = want.users.map((u) => (u.userName === factsOf(0).userName ? { ...u, title: 'Changed' } : u));
      expect(await s.targetState()).toEqual(want);

      // Change-triggered cycles are back: a source change reaches the target within seconds, no clock moved.
      await s.src.change(ids[1]!, { title: 'Back' });
      await until('the change-triggered cycle', async () => ((await s.targetUsers()).get(factsOf(1).userName)?.title === 'Back' ? true : undefined));
      // The target shows the change before the cycle that sent it is marked finished.
      const last = await until('the change-triggered cycle to finish', async () => ((await cycles())[0]?.status === 'running' ? undefined : (await cycles())[0]));
      expect(last).toMatchObject({ kind: 'incremental', status: 'succeeded' });
      expect(smtp.messages).toHaveLength(1);
    });

    it('sends no e-mail for failures that go to escrow, nor for quarantine without notify-on-failure', async () => {
      const { s, smtp, proxy, app } = await setup({ notifyOnFailure: false });
      const refuse = proxy.inject({ action: { kind: 'status', status: 500 }, methods: ['POST'], path: /\/Users$/ });
      expect(await s.engine.sync(app.id)).toMatchObject({ quarantine: { reason: 'EncounteredEscrowProportionThreshold' } });
      expect((await s.engine.status(app.id)).state).toBe('quarantine');
      // With the setting on, ordinary failures (3 of 70 users refused, under every threshold) send nothing either.
      await s.engine.updateSettings(app.id, { notifyOnFailure: true });
      refuse.remove();
      proxy.inject({ action: { kind: 'status', status: 500 }, methods: ['POST'], path: /\/Users$/, times: 3 });
      expect(await s.engine.sync(app.id, { restart: true })).toMatchObject({ status: 'partial', counts: { failure: 3 }, quarantine: null });
      expect(smtp.messages).toEqual([]);
    });
  });
}
