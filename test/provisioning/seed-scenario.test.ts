import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function person(given: string, family: string, extra: Record<string, unknown> = {}) {
  return {
    name: { givenName: given, familyName: family },
    displayName: `${given} ${family}`,
    emails: [{ value: `${given.toLowerCase()}@corp.example`, type: 'work', primary: true }],
    phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
    title: 'Engineer',
    ...extra,
  };
}

// The admin's walk through the seeds, for each gallery template: a source directory with users, a
// nested group and a manager; the app pointed at another scimkit tenant; assign, sync, verify; then
// every kind of change, verified again after the next (incremental) cycle.
for (const dialect of DIALECTS) {
  for (const template of ['spaceiq', 'officespace', 'howspace', 'generic'] as const) {
    describe(`${dialect}: seed scenario with the ${template} template`, () => {
      let s: Scenario;
      afterEach(async () => s?.close());

      it('provisions, updates, disables, deletes, renames and follows memberships and managers', async () => {
        s = await startScenario(dialect);
        const groupsOn = template !== 'spaceiq';
        const bob = await s.user('bob@corp.example', person('Bob', 'Builder'));
        const ada = await s.user('ada@corp.example', person('Ada', 'Lovelace', { [ENT]: { department: 'R&D', manager: { value: bob.id } }, schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT] }));
        const carol = await s.user('carol@corp.example', person('Carol', 'Shaw'));
        const dave = await s.user('dave@corp.example', person('Dave', 'Cutler'));
        const outsider = await s.user('eve@corp.example', person('Eve', 'Outside'));
        const inner = await s.group('Kernel', [dave.id]);
        const eng = await s.group('Engineering', [ada.id, carol.id, inner.id]);

        const app = await s.engine.createApp({ tenant: s.source, name: `${template} app`, template, targetUrl: s.targetUrl, token: s.targetToken });
        expect(app.status).toBe('off');
        expect(await s.engine.testConnection(app.id)).toMatchObject({ ok: true });
        await s.engine.assign(app.id, { group: 'Engineering' });
        await s.engine.assign(app.id, { user: 'bob@corp.example' });

        const first = await s.engine.sync(app.id);
        expect(first).toMatchObject({ kind: 'initial', status: 'succeeded' });
        let users = await s.targetUsers();
        expect([...users.keys()].sort()).toEqual(['ada@corp.example', 'bob@corp.example', 'carol@corp.example', 'dave@corp.example']);
        expect(users.has('eve@corp.example')).toBe(false);
        const adaT = users.get('ada@corp.example')!;
        expect(adaT).toMatchObject({ active: true, name: { givenName: 'Ada', familyName: 'Lovelace' } });
        if (template === 'howspace') expect(adaT.phoneNumbers).toEqual([expect.objectContaining({ type: 'mobile', value: '+1 555 0100' })]);
        if (template !== 'howspace') expect(adaT.emails).toEqual([expect.objectContaining({ type: 'work', value: 'ada@corp.example' })]);
        if (template === 'spaceiq' || template === 'generic') {
          // The manager reference carries the manager's id in the target, not in the source.
          expect((adaT[ENT] as { manager?: { value: string } }).manager?.value).toBe(users.get('bob@corp.example')!.id);
        }
        let groups = await s.targetGroups();
        if (groupsOn) {
          expect([...groups.keys()]).toEqual(['Engineering']);
          // The nested group's member is flattened into its assigned parent.
          expect(groups.get('Engineering')!.members).toEqual(['ada@corp.example', 'carol@corp.example', 'dave@corp.example']);
        } else expect(groups.size).toBe(0);

        // A cycle with nothing new sends nothing.
        const idle = await s.engine.sync(app.id);
        expect(idle).toMatchObject({ kind: 'incremental', status: 'succeeded' });
        expect(idle.counts.success ?? 0).toBe(0);

        // Attribute change, unassign, disable, delete, rename, membership change.
        await s.change(ada.id, { name: { givenName: 'Ada', familyName: 'King' } });
        await s.engine.unassign(app.id, { user: bob.id });
        await s.change(carol.id, { active: false });
        await s.store.resources.delete(s.source, 'User', dave.id);
        await s.store.resources.update(s.source, 'Group', eng.id, (c) => ({ doc: { ...c.doc, displayName: 'R&D Engineering' } }));
        const frank = await s.user('frank@corp.example', person('Frank', 'Nested'));
        await s.addMembers(inner.id, [frank.id]);
        void outsider;

        const second = await s.engine.sync(app.id);
        expect(second).toMatchObject({ kind: 'incremental', status: 'succeeded' });
        users = await s.targetUsers();
        expect(users.get('ada@corp.example')).toMatchObject({ name: { familyName: 'King' }, active: true });
        expect(users.get('bob@corp.example')).toMatchObject({ active: false });
        expect(users.get('carol@corp.example')).toMatchObject({ active: false });
        expect(users.has('dave@corp.example')).toBe(false);
        expect(users.get('frank@corp.example')).toMatchObject({ active: true });
        groups = await s.targetGroups();
        if (groupsOn) {
          expect([...groups.keys()]).toEqual(['R&D Engineering']);
          // Carol is disabled in the source but still assigned: she stays a member; Bob was never in the group.
          expect(groups.get('R&D Engineering')!.members).toEqual(['ada@corp.example', 'carol@corp.example', 'frank@corp.example']);
        }

        // Membership change in the assigned group itself, and the manager leaving scope keeps the reference as it was.
        await s.removeMembers(eng.id, [ada.id]);
        const third = await s.engine.sync(app.id);
        expect(third.status).toBe('succeeded');
        users = await s.targetUsers();
        expect(users.get('ada@corp.example')).toMatchObject({ active: false });
        if (groupsOn) expect((await s.targetGroups()).get('R&D Engineering')!.members).toEqual(['carol@corp.example', 'frank@corp.example']);

        const logs = await s.engine.ctx.logs.query(app.id);
        expect(logs.some((l) => l.action === 'create' && l.status === 'success')).toBe(true);
        expect(logs.some((l) => l.action === 'disable' && l.sourceName === 'bob@corp.example')).toBe(true);
        expect(logs.some((l) => l.action === 'delete' && l.sourceName === 'dave@corp.example')).toBe(true);
      });
    });
  }
}
