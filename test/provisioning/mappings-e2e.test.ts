import { afterEach, describe, expect, it } from 'vitest';
import { templateById } from '../../src/provisioning/apps/templates/templates.js';
import type { AppMappings } from '../../src/provisioning/mapping/mapping-types.js';
import { DIALECTS } from '../support/databases.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';
import { userDoc } from '../support/users.js';

// Mappings beyond the templates' defaults, end to end into a real scimkit target: app roles flowing to
// `roles`, expressions, a second matching attribute, "only during creation", scoping filters, and a
// change of mappings re-evaluating everyone.
for (const dialect of DIALECTS) {
  describe(`${dialect}: mappings, roles and scoping end to end`, () => {
    let s: Scenario;
    afterEach(async () => s?.close());

    it('sends roles, evaluates expressions, matches on the second attribute and honours scoping filters', async () => {
      s = await startScenario(dialect);
      const ada = await s.user('ada@corp.example', { name: { givenName: 'Ada', familyName: 'Lovelace' }, title: 'Engineer', externalId: 'E-1' });
      const bob = await s.user('bob@corp.example', { name: { givenName: 'Bob', familyName: 'Builder' }, title: 'Contractor', externalId: 'E-2' });
      // The target already holds Ada under another userName, with her employee number as externalId: a brownfield match.
      await s.store.resources.create(s.target, 'User', userDoc('a.lovelace@legacy.example', { externalId: 'E-1', active: true }));
      const base = templateById('generic').mappings;
      const mappings: AppMappings = {
        users: {
          enabled: true,
          mappings: [
            { target: 'userName', source: { type: 'direct', attribute: 'userPrincipalName' }, matching: 1 },
            { target: 'externalId', source: { type: 'direct', attribute: 'externalId' }, matching: 2 },
            { target: 'active', source: { type: 'expression', expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' } },
            { target: 'displayName', source: { type: 'expression', expression: 'Join(" ", ToUpper([surname]), [givenName])' } },
            { target: 'nickName', source: { type: 'constant', value: 'from-scimkit' }, apply: 'create' },
            { target: 'roles[primary eq "True"].value', source: { type: 'expression', expression: 'SingleAppRoleAssignment([appRoleAssignments])' } },
          ],
          scoping: [{ title: 'no contractors', clauses: [{ attribute: 'jobTitle', operator: 'NOT EQUALS', value: 'Contractor' }] }],
        },
        groups: base.groups,
      };
      const app = await s.engine.createApp({ tenant: s.source, name: 'custom', template: 'generic', targetUrl: s.targetUrl, token: s.targetToken, mappings });
      await s.engine.assign(app.id, { user: ada.id });
      await s.engine.assign(app.id, { user: bob.id });
      expect((await s.engine.sync(app.id)).status).toBe('succeeded');

      let users = await s.targetUsers();
      // Matched on externalId (the second matching attribute): Ada's legacy account was updated, not duplicated.
      expect([...users.keys()]).toEqual(['ada@corp.example']);
      const adaT = users.get('ada@corp.example')!;
      expect(adaT).toMatchObject({ externalId: 'E-1', displayName: 'LOVELACE Ada', active: true, roles: [{ primary: true, value: 'User' }] });
      // "Only during creation" does not flow into a matched, existing user.
      expect(adaT.nickName).toBeUndefined();
      const logs = await s.engine.ctx.logs.query(app.id);
      const matched = logs.find((l) => l.sourceId === ada.id && l.action === 'update')!;
      expect(matched.steps.find((st) => st.name === 'match')?.description).toMatch(/matched target .* on externalId/);
      // Bob is assigned but filtered out by the scoping filter.
      expect(logs.some((l) => l.sourceId === bob.id)).toBe(false);

      // Bob stops being a contractor: he comes into scope and is created, with the create-only constant.
      await s.change(bob.id, { title: 'Engineer' });
      expect((await s.engine.sync(app.id)).status).toBe('succeeded');
      users = await s.targetUsers();
      expect(users.get('bob@corp.example')).toMatchObject({ nickName: 'from-scimkit', displayName: 'BUILDER Bob', roles: [{ primary: true, value: 'User' }] });

      // Assigning Ada again with the role she has changes nothing: no request, no new version in the target.
      await s.engine.assign(app.id, { user: ada.id }, 'User');
      const before = (await s.store.resources.get(s.target, 'User', adaT.id))!.version;
      expect((await s.engine.sync(app.id)).counts['update:success'] ?? 0).toBe(0);
      expect((await s.store.resources.get(s.target, 'User', adaT.id))!.version).toBe(before);

      // Saving mappings re-evaluates everyone: the display name format changes for both.
      const next = structuredClone(mappings);
      next.users.mappings[3] = { target: 'displayName', source: { type: 'expression', expression: 'Join(" ", [givenName], [surname])' } };
      await s.engine.setMappings(app.id, next);
      const full = await s.engine.sync(app.id);
      expect(full).toMatchObject({ kind: 'initial', status: 'succeeded' });
      users = await s.targetUsers();
      expect(users.get('ada@corp.example')!.displayName).toBe('Ada Lovelace');
      expect(users.get('bob@corp.example')!.displayName).toBe('Bob Builder');

      // Back to contractor: Bob leaves scope through the filter and is disabled.
      await s.change(bob.id, { title: 'Contractor' });
      await s.engine.sync(app.id);
      expect((await s.targetUsers()).get('bob@corp.example')).toMatchObject({ active: false });
    });
  });
}
