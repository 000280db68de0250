import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminKeyStore } from '../../src/admin/admin-key-store.js';
import { defaultServerConfig } from '../../src/config/server-config.js';
import { buildApp } from '../../src/server/app.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { createTestClock } from '../support/test-clock.js';
import type { Store } from '../../src/data/store.js';

const PASSWORD = 'correct horse battery staple';

// Console sign-in over real HTTP on both databases: first run, sign-in, back-off and lock-out, CSRF,
// session expiry and sign-out, all timed by a test clock; and two servers on one database share sessions.
for (const dialect of DIALECTS) {
  describe(`${dialect}: console sign-in and sessions`, () => {
    const clock = createTestClock(Date.parse('2026-03-01T09:00:00Z'));
    let store: Store;
    let dispose: () => Promise<void>;
    const servers: FastifyInstance[] = [];
    const bases: string[] = [];

    const call = async (method: string, path: string, o: { body?: unknown; cookie?: string; csrf?: string; key?: string; origin?: string; server?: number } = {}) => {
      const headers: Record<string, string> = {};
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      if (o.cookie) headers.cookie = o.cookie;
      if (o.csrf) headers['x-csrf-token'] = o.csrf;
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      if (o.origin) headers.origin = o.origin;
      const res = await fetch(`${bases[o.server ?? 0]}${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
    };
    const cookieOf = (h: Headers) => h.get('set-cookie')!.split(';')[0]!;

    beforeAll(async () => {
      ({ store, dispose } = await openTestStore(dialect));
      for (let i = 0; i < 2; i++) {
        const app = await buildApp({ store, config: { ...defaultServerConfig, logLevel: 'silent', rateLimitPerSecond: 0 }, adminAuth: { now: () => new Date(clock.now()), lifetime: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 } } });
        await app.listen({ port: 0, host: '127.0.0.1' });
        servers.push(app);
        bases.push(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/admin/v1`);
      }
    });
    afterAll(async () => {
      for (const s of servers) await s.close();
      await dispose?.();
    });

    it('asks for the first admin once, then signs in; the cookie is HttpOnly and SameSite=Strict', async () => {
      expect((await call('GET', '/session')).json).toMatchObject({ setupRequired: true, signedIn: false });
      expect((await call('GET', '/tenants')).status).toBe(401);
      const weak = await call('POST', '/setup', { body: { username: 'root', password: 'short' } });
      expect(weak.status).toBe(400);
      expect(weak.json.error).toMatchObject({ code: 'weakPassword', message: expect.stringMatching(/at least 12 characters/) });
      const setup = await call('POST', '/setup', { body: { username: 'Ada', password: PASSWORD } });
      expect(setup.status).toBe(201);
      const setCookie = setup.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^scimkit_session=[A-Za-z0-9_-]{43}; Path=\/admin\/v1; HttpOnly; SameSite=Strict$/);
      expect(setCookie).not.toMatch(/Secure/);
      const again = await call('POST', '/setup', { body: { username: 'eve', password: PASSWORD } });
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe('setupDone');
      const cookie = cookieOf(setup.headers);
      const me = await call('GET', '/session', { cookie });
      expect(me.json).toMatchObject({ setupRequired: false, signedIn: true, via: 'session', account: { username: 'Ada' }, csrfToken: setup.json.csrfToken });
      expect((await call('GET', '/tenants', { cookie })).status).toBe(200);
    });

    it('refuses writes without the CSRF token or from another site, and accepts them with it', async () => {
      const s = await call('POST', '/session', { body: { username: 'ada', password: PASSWORD } });
      expect(s.status).toBe(200);
      const cookie = cookieOf(s.headers);
      const none = await call('POST', '/tenants', { cookie, body: { name: 'Nope' } });
      expect(none.status).toBe(403);
      expect(none.json.error).toMatchObject({ code: 'csrf', message: expect.stringMatching(/CSRF token/) });
      expect((await call('POST', '/tenants', { cookie, csrf: 'x'.repeat(43), body: { name: 'Nope' } })).status).toBe(403);
      const foreign = await call('POST', '/tenants', { cookie, csrf: s.json.csrfToken, origin: 'https://evil.example', body: { name: 'Nope' } });
      expect(foreign.status).toBe(403);
      expect((await store.tenants.find('Nope'))).toBeUndefined();
      const ok = await call('POST', '/tenants', { cookie, csrf: s.json.csrfToken, origin: bases[0]!.replace('/admin/v1', ''), body: { name: 'CsrfOk' } });
      expect(ok.status).toBe(201);
      // Another session's token does not do.
      const other = await call('POST', '/session', { body: { username: 'ada', password: PASSWORD } });
      expect((await call('POST', '/tenants', { cookie, csrf: other.json.csrfToken, body: { name: 'Nope' } })).status).toBe(403);
      // An admin key needs no CSRF token: scripts send no cookies.
      const key = (await (await AdminKeyStore.open(store.db)).create('script')).key;
      expect((await call('POST', '/tenants', { key, body: { name: 'ByScript' } })).status).toBe(201);
    });

    it('backs off after three failures, locks after ten, and says how long; unknown names back off alike', async () => {
      await store.db.kysely.deleteFrom('admin_sign_in_failures' as never).execute();
      const tryIt = (password: string, username = 'ada') => call('POST', '/session', { body: { username, password } });
      for (let i = 1; i <= 2; i++) {
        const r = await tryIt('wrong password');
        expect(r.status).toBe(401);
        expect(r.json.error).toMatchObject({ code: 'invalidCredentials', message: 'Wrong username or password.' });
      }
      const third = await tryIt('wrong password');
      expect(third.json.error.message).toBe('Wrong username or password. Wait 1 second before the next try.');
      expect(third.headers.get('retry-after')).toBe('1');
      // Even the right password waits while the name backs off.
      const waiting = await tryIt(PASSWORD);
      expect(waiting.status).toBe(429);
      expect(waiting.json.error).toMatchObject({ code: 'tooManyAttempts', message: expect.stringMatching(/wait 1 second before/) });
      for (let f = 4; f <= 10; f++) {
        clock.advance(61_000);
        expect((await tryIt('wrong password')).status).toBe(401);
      }
      clock.advance(61_000);
      const locked = await tryIt(PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.json.error).toMatchObject({ code: 'locked', message: expect.stringMatching(/locked for 14 minutes/) });
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
      // The other server process sees the same lock: failures live in the database.
      expect((await call('POST', '/session', { server: 1, body: { username: 'ada', password: PASSWORD } })).json.error.code).toBe('locked');
      clock.advance(15 * 60_000);
      expect((await tryIt(PASSWORD)).status).toBe(200);
      for (let i = 0; i < 3; i++) await tryIt('x', 'nobody-here');
      expect((await tryIt('x', 'nobody-here')).status).toBe(429);
    });

    it('ends a session after 30 idle minutes, keeps one in use alive, and shares it between server processes', async () => {
      const s = await call('POST', '/session', { body: { username: 'ada', password: PASSWORD } });
      const cookie = cookieOf(s.headers);
      expect((await call('GET', '/apps', { cookie, server: 1 })).status).not.toBe(401);
      clock.advance(20 * 60_000);
      expect((await call('GET', '/tenants', { cookie, server: 1 })).status).toBe(200);
      clock.advance(20 * 60_000);
      expect((await call('GET', '/tenants', { cookie })).status).toBe(200);
      clock.advance(31 * 60_000);
      const expired = await call('GET', '/tenants', { cookie });
      expect(expired.status).toBe(401);
      expect(expired.json.error).toMatchObject({ code: 'sessionExpired', message: expect.stringMatching(/sign in again/) });
      const after = await call('GET', '/session', { cookie });
      expect(after.json.signedIn).toBe(false);
      expect(after.headers.get('set-cookie')).toMatch(/scimkit_session=;/);
    });

    it('signs out everywhere at once', async () => {
      const s = await call('POST', '/session', { body: { username: 'ada', password: PASSWORD } });
      const cookie = cookieOf(s.headers);
      expect((await call('DELETE', '/session', { cookie })).status).toBe(403);
      const out = await call('DELETE', '/session', { cookie, csrf: s.json.csrfToken });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/scimkit_session=;.*Expires=Thu, 01 Jan 1970/);
      expect((await call('GET', '/tenants', { cookie, server: 1 })).status).toBe(401);
    });

    it('creates and lists more admins; names are unique regardless of case', async () => {
      const s = await call('POST', '/session', { body: { username: 'ada', password: PASSWORD } });
      const cookie = cookieOf(s.headers);
      const csrf = s.json.csrfToken;
      expect((await call('POST', '/accounts', { cookie, csrf, body: { username: 'grace', password: 'grace grace grace' } })).status).toBe(201);
      const dup = await call('POST', '/accounts', { cookie, csrf, body: { username: 'GRACE', password: 'another long one' } });
      expect(dup.status).toBe(409);
      expect(dup.json.error.code).toBe('usernameTaken');
      expect((await call('GET', '/accounts', { cookie })).json.accounts.map((a: any) => a.username)).toEqual(['Ada', 'grace']);
      expect(JSON.stringify((await call('GET', '/accounts', { cookie })).json)).not.toMatch(/scrypt/);
      const doc = await call('GET', '/openapi.json');
      expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/session', '/setup', '/accounts', '/tenants/{tenant}/tokens', '/tenants/{tenant}/users/import']));
      expect(doc.json.paths['/session'].post.security).toEqual([]);
    });
  });
}
