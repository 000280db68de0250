// Interoperability: the seed scenario (users, a nested group, a manager; then an attribute change, an
// unassignment, a disable, a delete, a rename and membership changes) provisioned into a SCIM server that
// is not scimkit (SCIMMY, strict RFC 7644 PATCH), for every template, with the source on each database.
// After every cycle the target holds exactly the expected users and groups, and it refused nothing.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvisioningEngine } from '../../src/provisioning/engine.js';
import { DIALECTS } from '../support/databases.js';
import { expectedTargetUser, sourceUserDoc, templateHasGroups, type TemplateId, type UserFacts } from '../support/expected-users.js';
import { openTestStore } from '../support/open-test-store.js';
import { startScimmyTarget, type ScimmyTarget } from '../support/scimmy-target.js';
import { sourceTenant } from '../support/source-tenant.js';
import { scimmyTargetState } from '../support/target-state.js';

const TEMPLATES: TemplateId[] = ['spaceiq', 'officespace', 'howspace', 'generic'];

function facts(given: string, family: string, extra: Partial<UserFacts> = {}): UserFacts {
  const userName = `${given.toLowerCase()}@corp.example`;
  return { userName, active: true, givenName: given, familyName: family, displayName: `${given} ${family}`, title: 'Engineer', mail: userName, mobile: '+1 555 0100', ...extra };
}

for (const dialect of DIALECTS) {
  for (const template of TEMPLATES) {
    describe(`${dialect}: the seed scenario into a SCIMMY target with the ${template} template`, () => {
      const cleanup: (() => Promise<void>)[] = [];
      afterEach(async () => {
        while (cleanup.length) await cleanup.pop()!();
      });

      it('leaves the target exactly in step with the source after each cycle, with no request refused', async () => {
        const { store, dispose } = await openTestStore(dialect);
        cleanup.push(dispose);
        const target: ScimmyTarget = await startScimmyTarget();
        cleanup.push(() => target.close());
        const tenant = await store.tenants.create('corp');
        const src = sourceTenant(store, tenant.id);
        const engine = await ProvisioningEngine.open(store, { dbUrl: ':memory:', secretKey: randomBytes(32) });

        const f = {
          bob: facts('Bob', 'Builder'),
          ada: facts('Ada', 'Lovelace', { department: 'R&D', manager: 'bob@corp.example' }),
          carol: facts('Carol', 'Shaw'),
          dave: facts('Dave', 'Cutler'),
          eve: facts('Eve', 'Outside'),
          frank: facts('Frank', 'Nested'),
        };
        const bob = await src.user(f.bob.userName, sourceUserDoc(f.bob));
        const ada = await src.user(f.ada.userName, sourceUserDoc({ ...f.ada, managerId: bob.id }));
        const carol = await src.user(f.carol.userName, sourceUserDoc(f.carol));
        const dave = await src.user(f.dave.userName, sourceUserDoc(f.dave));
        await src.user(f.eve.userName, sourceUserDoc(f.eve));
        const kernel = await src.group('Kernel', [dave.id]);
        const eng = await src.group('Engineering', [ada.id, carol.id, kernel.id]);

        const app = await engine.createApp({ tenant: tenant.id, name: `${template} on SCIMMY`, template, targetUrl: target.scimUrl, token: target.token });
        expect(await engine.testConnection(app.id)).toMatchObject({ ok: true });
        await engine.assign(app.id, { group: 'Engineering' });
        await engine.assign(app.id, { user: f.bob.userName });
        const groups = templateHasGroups(template);
        const users = (...list: UserFacts[]) => list.map((u) => expectedTargetUser(template, u));
        const group = (displayName: string, members: string[]) => (groups ? [{ displayName, externalId: eng.id, members }] : []);

        expect(await engine.sync(app.id)).toMatchObject({ kind: 'initial', status: 'succeeded' });
        // Dave comes through the nested group Kernel, flattened into Engineering; Eve is not assigned.
        expect(scimmyTargetState(target)).toEqual({
          users: users(f.ada, f.bob, f.carol, f.dave),
          groups: group('Engineering', ['ada@corp.example', 'carol@corp.example', 'dave@corp.example']),
        });

        await src.change(ada.id, { name: { givenName: 'Ada', familyName: 'King' } });
        await engine.unassign(app.id, { user: bob.id });
        await src.change(carol.id, { active: false });
        await src.remove('User', dave.id);
        await src.rename(eng.id, 'R&D Engineering');
        const frank = await src.user(f.frank.userName, sourceUserDoc(f.frank));
        await src.addMembers(kernel.id, [frank.id]);
        expect(await engine.sync(app.id)).toMatchObject({ kind: 'incremental', status: 'succeeded' });
        // Bob lost his assignment and Carol was disabled: both stay, inactive; Carol is still assigned, so
        // she stays a member. Ada keeps Bob as manager (he still exists in the target).
        const adaKing = { ...f.ada, familyName: 'King' };
        expect(scimmyTargetState(target)).toEqual({
          users: users(adaKing, { ...f.bob, active: false }, { ...f.carol, active: false }, f.frank),
          groups: group('R&D Engineering', ['ada@corp.example', 'carol@corp.example', 'frank@corp.example']),
        });

        await src.removeMembers(eng.id, [ada.id]);
        expect(await engine.sync(app.id)).toMatchObject({ kind: 'incremental', status: 'succeeded' });
        expect(scimmyTargetState(target)).toEqual({
          users: users({ ...adaKing, active: false }, { ...f.bob, active: false }, { ...f.carol, active: false }, f.frank),
          groups: group('R&D Engineering', ['carol@corp.example', 'frank@corp.example']),
        });

        // Nothing the engine sent relied on leniency: SCIMMY refused no request.
        expect(target.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
        expect((await engine.ctx.logs.query(app.id)).filter((l) => l.status === 'failure')).toEqual([]);
      });
    });
  }
}
