import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServerConfig } from '../../src/config/server-config.js';
import { buildApp } from '../../src/server/app.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import type { ReadLimits } from '../../src/store/open-reader.js';
import { openStore, type Store } from '../../src/data/store.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';
import { userDoc } from '../support/users.js';

// A filter no index can answer and that costs real work per user: 200 substring tests on a multi-valued
// attribute, each of which walks the user's phone numbers. Over a thousand users it takes a second or more.
const EXPENSIVE = Array.from({ length: 200 }, (_, i) => `phoneNumbers.value co "nomatch${i}"`).join(' or ');
const USERS = 1000;

interface Server {
  store: Store;
  app: FastifyInstance;
  origin: string;
}

async function serve(url: string, reads: ReadLimits): Promise<Server> {
  const store = await openStore(url, { matchMember: memberMatcher, poolSize: 10, reads });
  const app = await buildApp({ store, config: { ...defaultServerConfig, logLevel: 'silent', rateLimitPerSecond: 0 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { store, app, origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

async function get(s: Server, tenant: { id: string; token: string }, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.origin}/scim/v2/${tenant.id}${path}`, { headers: { authorization: `Bearer ${tenant.token}` } });
  return { status: res.status, body: await res.json() };
}

const filter = (f: string) => `/Users?filter=${encodeURIComponent(f)}`;

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: one tenant's expensive reads do not stall the others`, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let server: Server;
    let noisy: { id: string; token: string };
    let quiet: { id: string; token: string; userId: string };

    beforeAll(async () => {
      db = await freshDatabase(dialect);
      // One heavy read per tenant at a time, two over all tenants; a budget no test query reaches.
      server = await serve(db.url, { budgetMs: 120_000, slots: 2, perTenant: 1 });
      const s = server.store;
      const a = await s.tenants.create('noisy');
      noisy = { id: a.id, token: (await s.tokens.create(a.id)).token };
      await Promise.all(
        Array.from({ length: USERS }, (_, i) =>
          s.resources.create(a.id, 'User', userDoc(`u${i}@noisy.example`, { phoneNumbers: [{ value: `+1 555 01${i}`, type: 'work' }, { value: `+1 555 02${i}`, type: 'mobile' }] })),
        ),
      );
      const b = await s.tenants.create('quiet');
      const user = await s.resources.create(b.id, 'User', userDoc('ada@quiet.example', { externalId: 'ada-1' }));
      quiet = { id: b.id, token: (await s.tokens.create(b.id)).token, userId: user.id };
    }, 120_000);

    afterAll(async () => {
      await server.app.close();
      await server.store.close();
      await db.drop();
    });

    it("another tenant's lookups, reads and lists answer while one tenant's expensive filters run", async () => {
      const done: boolean[] = [];
      const heavy = Array.from({ length: 3 }, (_, i) =>
        get(server, noisy, filter(EXPENSIVE)).then((r) => {
          done[i] = true;
          return r;
        }),
      );
      // The noisy tenant now holds its one slot; its other two reads wait for it.
      await until(() => server.store.db.reader.heavyReads().running === 1 && server.store.db.reader.heavyReads().waiting === 2);

      const lookup = await get(server, quiet, filter('userName eq "ADA@quiet.example"'));
      const byId = await get(server, quiet, `/Users/${quiet.userId}`);
      // A plain list is a heavy read too (it counts the tenant's users): it takes the second slot, not a place behind the noisy tenant.
      const list = await get(server, quiet, '/Users?count=10');
      expect(done.filter(Boolean)).toHaveLength(0);
      expect(lookup.status).toBe(200);
      expect(lookup.body.Resources.map((u: { id: string }) => u.id)).toEqual([quiet.userId]);
      expect(byId.status).toBe(200);
      expect(byId.body.externalId).toBe('ada-1');
      expect(list.status).toBe(200);
      expect(list.body.totalResults).toBe(1);

      for (const r of await Promise.all(heavy)) {
        expect(r.status).toBe(200);
        expect(r.body.totalResults).toBe(0);
      }
      expect(server.store.db.reader.heavyReads()).toEqual({ running: 0, waiting: 0 });
    }, 120_000);

    it('a read past the time budget fails with 400 tooMany and says what to do; cheap reads pass under the same budget', async () => {
      // Far below what the expensive filter needs (hundreds of ms), and no cheap read reaches it.
      const strict = await serve(db.url, { budgetMs: 25 });
      try {
        const r = await get(strict, noisy, filter(EXPENSIVE));
        expect(r.status).toBe(400);
        expect(r.body.scimType).toBe('tooMany');
        expect(r.body.detail).toMatch(/25 ms.*indexed attribute/);
        expect((await get(strict, quiet, filter('userName eq "ada@quiet.example"'))).body.totalResults).toBe(1);
        expect((await get(strict, quiet, '/Users')).body.totalResults).toBe(1);
      } finally {
        await strict.app.close();
        await strict.store.close();
      }
    }, 60_000);
  });
}
