// Change-triggered cycles as admins run them, on both databases: a real `scimkit serve` process on the
// database that holds the source tenant and an app that is On; its in-process scheduler runs the initial
// cycle by itself, and then carries writes made to the source over SCIM (a new user added to an assigned
// group, an attribute change) to the target, a tenant of the same server. Nothing calls `sync`. No timing
// is asserted beyond a generous timeout; the latency is measured in bench/engine.ts.
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startServeProcess, type CliChild } from '../support/cli-process.js';
import { DIALECTS } from '../support/databases.js';
import { expectedTargetUser, sourceUserDoc, type UserFacts } from '../support/expected-users.js';
import { openServedDatabase } from '../support/served-database.js';
import { sourceTenant } from '../support/source-tenant.js';
import { scimkitTargetState, type TargetState } from '../support/target-state.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

const facts = (name: string, extra: Partial<UserFacts> = {}): UserFacts => ({ userName: `${name}@corp.example`, active: true, givenName: name, familyName: 'Person', displayName: `${name} Person`, mail: `${name}@corp.example`, ...extra });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of DIALECTS) {
  describe(`${dialect}: scimkit serve carries source writes to the target by itself`, { timeout: 180_000 }, () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
    });

    it('runs the initial cycle, then each change over SCIM reaches the target with no sync call', async () => {
      const db = await openServedDatabase(dialect);
      cleanup.push(() => db.close());
      const { store, source, target, engine } = db;
      const { token: sourceToken } = await store.tokens.create(source.id, { name: 'idp' });
      const src = sourceTenant(store, source.id);
      const people = [facts('ada'), facts('bob'), facts('cy')];
      const ids = [];
      for (const f of people) ids.push((await src.user(f.userName, sourceUserDoc(f))).id);
      const staff = await src.group('Staff', ids);

      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const app = await engine.createApp({ tenant: source.id, name: 'On app', template: 'generic', targetUrl: `${origin}/scim/v2/${target.id}`, token: db.targetToken });
      await engine.assign(app.id, { group: staff.id });
      await engine.setStatus(app.id, 'on');

      const serve: CliChild = await startServeProcess(port, ['--db', db.url], db.env);
      cleanup.push(async () => {
        serve.child.kill('SIGTERM');
        await serve.done;
      });
      const expected = (list: UserFacts[]): TargetState => ({
        users: list.map((f) => expectedTargetUser('generic', f)).sort((a, b) => String(a.userName).localeCompare(String(b.userName))),
        groups: [{ displayName: 'Staff', externalId: staff.id, members: list.map((f) => f.userName).sort() }],
      });
      const reaches = async (want: TargetState, what: string) => {
        const end = Date.now() + 90_000;
        let last: TargetState | undefined;
        while (Date.now() < end) {
          last = await scimkitTargetState(store, target.id);
          if (isDeepStrictEqual(last, want)) return;
          if (serve.child.exitCode !== null) throw new Error(`scimkit serve exited: ${(await serve.done).stderr}`);
          await sleep(100);
        }
        expect(last, `${what} did not reach the target within 90 s`).toEqual(want);
      };

      // The scheduler's own initial cycle.
      await reaches(expected(people), 'the initial cycle');

      // Writes over SCIM to the source tenant, as an identity provider makes them.
      const scim = async (method: string, path: string, body: unknown) => {
        const res = await fetch(`${origin}/scim/v2/${source.id}${path}`, { method, headers: { authorization: `Bearer ${sourceToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
        expect(res.status, await res.clone().text()).toBeLessThan(300);
        return res.status === 204 ? undefined : ((await res.json()) as { id: string });
      };
      const dan = facts('dan');
      const created = await scim('POST', '/Users', { schemas: [CORE], userName: dan.userName, ...sourceUserDoc(dan) });
      await scim('PATCH', `/Groups/${staff.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: created!.id }] }] });
      await reaches(expected([...people, dan]), 'a new member of an assigned group');

      const adaTitled = { ...people[0]!, title: 'Countess' };
      await scim('PATCH', `/Users/${ids[0]}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'Countess' }] });
      await reaches(expected([adaTitled, ...people.slice(1), dan]), 'an attribute change');

      const cycles = await engine.ctx.cycles.recent(app.id);
      expect(cycles.at(-1)).toMatchObject({ kind: 'initial', status: 'succeeded' });
      expect(cycles.length).toBeGreaterThanOrEqual(3);
      expect(cycles.every((c) => c.status === 'succeeded' || c.status === 'running')).toBe(true);
      serve.child.kill('SIGTERM');
      expect((await serve.done).code).toBe(0);
    });
  });
}
