// A full cycle with many users to match reads the target's matching values once (a paged list of only
// those attributes) and sends a matching GET only for values the target may hold. These tests lower the
// threshold to one user and check that nothing is ever duplicated: a user the target already holds (in
// another case) is adopted, and one created by another writer after the snapshot is matched after the 409.
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/provisioning/logs/log-types.js';
import { DIALECTS } from '../support/databases.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';
import { startScimmyTarget, type ScimmyTarget } from '../support/scimmy-target.js';
import { userDoc } from '../support/users.js';

const SNAPSHOT_ALWAYS = { snapshot: { minUnlinked: 1 } };

// The last match step of a log record (a create that answered 409 adds a second one).
function matchStep(r: LogRecord | undefined) {
  return r?.steps.findLast((s) => s.name === 'match') as { description: string; details: { tried: Record<string, unknown>[] } } | undefined;
}

async function staff(s: Scenario, names: string[]): Promise<void> {
  const ids: string[] = [];
  for (const n of names) ids.push((await s.user(n, { name: { givenName: n.split('@')[0], familyName: 'Staff' } })).id);
  await s.group('Staff', ids);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: matching against a target snapshot`, () => {
    let s: Scenario;
    afterEach(async () => s?.close());

    it('looks up only the values the target holds, adopts those, and creates the rest once', async () => {
      s = await startScenario(dialect, SNAPSHOT_ALWAYS);
      await staff(s, ['ada@corp.example', 'bob@corp.example', 'carol@corp.example', 'dave@corp.example']);
      const existing = await s.store.resources.create(s.target, 'User', userDoc('ADA@corp.example', { active: true }));
      await s.store.resources.create(s.target, 'User', userDoc('zed@corp.example', { active: true }));
      const app = await s.engine.createApp({ tenant: s.source, name: 'snap', template: 'generic', targetUrl: s.targetUrl, token: s.targetToken });
      await s.engine.assign(app.id, { group: 'Staff' });

      expect(await s.engine.sync(app.id)).toMatchObject({ kind: 'initial', status: 'succeeded' });
      // Ada was adopted (and her userName brought to the source's spelling), the others created once.
      const users = await s.targetUsers();
      expect([...users.keys()].sort()).toEqual(['ada@corp.example', 'bob@corp.example', 'carol@corp.example', 'dave@corp.example', 'zed@corp.example']);
      expect(users.get('ada@corp.example')?.id).toBe(existing.id);

      const logs = await s.engine.ctx.logs.query(app.id);
      const ada = matchStep(logs.find((l) => l.sourceName === 'ada@corp.example'));
      expect(ada?.description).toBe(`matched target ${existing.id} on userName`);
      expect(ada?.details.tried).toEqual([{ attribute: 'userName', value: 'ada@corp.example', matches: 1 }]);
      for (const name of ['bob@corp.example', 'carol@corp.example', 'dave@corp.example']) {
        const r = logs.find((l) => l.sourceName === name);
        expect(r).toMatchObject({ action: 'create', status: 'success' });
        expect(matchStep(r)?.details.tried).toEqual([{ attribute: 'userName', value: name, matches: 0, from: 'the target snapshot read at the start of the cycle' }]);
      }
    });

    it('matches after the 409 a user another writer created after the snapshot, never a second one', async () => {
      s = await startScenario(dialect, SNAPSHOT_ALWAYS);
      await staff(s, ['ada@corp.example', 'bob@corp.example']);
      const app = await s.engine.createApp({ tenant: s.source, name: 'race', template: 'generic', targetUrl: s.targetUrl, token: s.targetToken });
      await s.engine.assign(app.id, { group: 'Staff' });
      // Another writer creates Bob in the target right after the engine has read its snapshot.
      let raced: string | undefined;
      const clientFor = s.engine.ctx.clientFor.bind(s.engine.ctx);
      s.engine.ctx.clientFor = async (...args) => {
        const client = await clientFor(...args);
        const listAll = client.listAll.bind(client);
        client.listAll = async function* (type, opts) {
          yield* listAll(type, opts);
          if (type === 'Users' && !raced) raced = (await s.store.resources.create(s.target, 'User', userDoc('bob@corp.example', { active: true }))).id;
        };
        return client;
      };

      expect(await s.engine.sync(app.id)).toMatchObject({ kind: 'initial', status: 'succeeded' });
      expect(raced).toBeDefined();
      const users = await s.targetUsers();
      expect([...users.keys()].sort()).toEqual(['ada@corp.example', 'bob@corp.example']);
      expect(users.get('bob@corp.example')?.id).toBe(raced);
      const bob = (await s.engine.ctx.logs.query(app.id)).find((l) => l.sourceName === 'bob@corp.example');
      expect(bob?.targetId).toBe(raced);
      expect(matchStep(bob)?.description).toMatch(/^create answered 409; matched target .* on userName$/);
      const links = await s.engine.ctx.links.getMany(app.id, [bob!.sourceId]);
      expect(links.get(bob!.sourceId)?.targetId).toBe(raced);
    });

    it('matches by GET as before when few users are unlinked', async () => {
      s = await startScenario(dialect);
      await staff(s, ['ada@corp.example', 'bob@corp.example']);
      const app = await s.engine.createApp({ tenant: s.source, name: 'few', template: 'generic', targetUrl: s.targetUrl, token: s.targetToken });
      await s.engine.assign(app.id, { group: 'Staff' });
      expect(await s.engine.sync(app.id)).toMatchObject({ status: 'succeeded' });
      const logs = await s.engine.ctx.logs.query(app.id);
      expect(matchStep(logs.find((l) => l.sourceName === 'bob@corp.example'))?.details.tried).toEqual([{ attribute: 'userName', value: 'bob@corp.example', matches: 0 }]);
    });
  });
}

describe('matching against a target snapshot of a SCIMMY target', () => {
  let s: Scenario;
  let target: ScimmyTarget;
  afterEach(async () => {
    await s?.close();
    await target?.close();
  });

  it('reads the users once with only the matching attribute, and sends a filter GET only for a value it holds', async () => {
    s = await startScenario('sqlite', SNAPSHOT_ALWAYS);
    target = await startScimmyTarget();
    await staff(s, ['ada@corp.example', 'bob@corp.example', 'carol@corp.example']);
    const app = await s.engine.createApp({ tenant: s.source, name: 'scimmy', template: 'generic', targetUrl: target.scimUrl, token: target.token });
    await s.engine.assign(app.id, { group: 'Staff' });
    const pre = await fetch(`${target.scimUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'carol@corp.example', active: true }),
    });
    const carolId = ((await pre.json()) as { id: string }).id;
    target.requests.length = 0;

    expect(await s.engine.sync(app.id)).toMatchObject({ kind: 'initial', status: 'succeeded' });
    expect(target.users().map((u) => u.userName).sort()).toEqual(['ada@corp.example', 'bob@corp.example', 'carol@corp.example']);
    expect(target.userByName('carol@corp.example')?.id).toBe(carolId);
    const userGets = target.requests.filter((r) => r.method === 'GET' && r.path === '/Users').map((r) => new URLSearchParams(r.query));
    expect(userGets.filter((q) => q.has('filter')).map((q) => q.get('filter'))).toEqual(['userName eq "carol@corp.example"']);
    expect(userGets.filter((q) => q.get('attributes') === 'userName')).toHaveLength(1);
  });
});
