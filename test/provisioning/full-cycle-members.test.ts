// A full cycle (initial, or after a mapping change) decides group memberships by comparing every
// provisioned group whole, without reading each user's groups: members added and removed in the
// source meanwhile must both reach the target.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: memberships in a full cycle`, () => {
    let s: Scenario;
    afterEach(async () => s?.close());

    it('adds and removes members found by the whole-group comparison after a mapping change', async () => {
      s = await startScenario(dialect);
      const ada = await s.user('ada@corp.example');
      const bob = await s.user('bob@corp.example');
      const carol = await s.user('carol@corp.example');
      const eng = await s.group('Engineering', [ada.id, bob.id]);
      const app = await s.engine.createApp({ tenant: s.source, name: 'full', template: 'generic', targetUrl: s.targetUrl, token: s.targetToken });
      for (const u of [ada, bob, carol]) await s.engine.assign(app.id, { user: u.id });
      await s.engine.assign(app.id, { group: eng.id });
      expect(await s.engine.sync(app.id)).toMatchObject({ kind: 'initial', status: 'succeeded' });
      expect((await s.targetGroups()).get('Engineering')?.members).toEqual(['ada@corp.example', 'bob@corp.example']);

      await s.removeMembers(eng.id, [ada.id]);
      await s.addMembers(eng.id, [carol.id]);
      await s.engine.restoreDefaultMappings(app.id);
      const full = await s.engine.sync(app.id);
      expect(full).toMatchObject({ kind: 'initial', status: 'succeeded', counts: { 'members:added': 1, 'members:removed': 1 } });
      expect((await s.targetGroups()).get('Engineering')?.members).toEqual(['bob@corp.example', 'carol@corp.example']);
      expect((await s.targetUsers()).get('ada@corp.example')).toMatchObject({ active: true });
    });
  });
}
