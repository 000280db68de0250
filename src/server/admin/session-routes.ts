import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../admin/admin-account-store.js';
import { AdminHttpError } from './admin-errors.js';
import { clearSessionCookie, setSessionCookie, type AdminAuthDeps } from './admin-auth.js';
import { route, type AdminRoute } from './admin-route.js';

const credentials = z
  .object({
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(1024).describe(`At least ${MIN_PASSWORD_LENGTH} characters for a new account`),
  })
  .strict();

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function waitText(ms: number): string {
  const s = seconds(ms);
  return s < 120 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.ceil(s / 60)} minutes`;
}

/** Sign-in, first-run set-up, sign-out and admin accounts: how the console gets and ends its session. */
export function sessionRoutes(d: AdminAuthDeps, cookiePath: string): AdminRoute[] {
  const startSession = async (reply: Parameters<AdminRoute['handler']>[1], accountId: string) => {
    const { secret, session } = await d.sessions.create(accountId);
    setSessionCookie(reply, secret, d.secureCookies, cookiePath);
    return session;
  };
  return [
    route({
      method: 'GET',
      path: '/session',
      tag: 'session',
      summary: 'Who is signed in (with the CSRF token for later requests), or whether the first admin must be created',
      public: true,
      response: { status: 200, description: '{ setupRequired, signedIn, account?, csrfToken?, expiresAt? }' },
      handler: async (req) => {
        const setupRequired = (await d.accounts.count()) === 0;
        const c = req.adminCaller;
        if (c?.kind !== 'session') return { setupRequired, signedIn: c?.kind === 'key', via: c?.kind ?? null };
        const account = await d.accounts.get(c.accountId);
        return { setupRequired, signedIn: !!account, via: 'session', account, csrfToken: c.session.csrfToken, expiresAt: c.session.expiresAt, idleMinutes: d.sessions.lifetime.idleMs / 60_000 };
      },
    }),
    route({
      method: 'POST',
      path: '/setup',
      tag: 'session',
      summary: 'First run: create the first admin account and sign in (refused once any account exists)',
      public: true,
      body: credentials,
      response: { status: 201, description: '{ account, csrfToken }' },
      handler: async (_req, reply, i) => {
        const account = await d.accounts.create(i.body.username, i.body.password, { onlyIfFirst: true });
        const session = await startSession(reply, account.id);
        reply.code(201);
        return { account, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      },
    }),
    route({
      method: 'POST',
      path: '/session',
      tag: 'session',
      summary: 'Sign in with a username and password (sets the session cookie); repeated failures back off, then lock the name',
      public: true,
      body: credentials,
      response: { status: 200, description: '{ account, csrfToken, expiresAt }' },
      handler: async (req, reply, i) => {
        const r = await d.accounts.signIn(i.body.username, i.body.password);
        if (r.ok) {
          const session = await startSession(reply, r.account.id);
          return { account: r.account, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
        }
        if (r.retryAfterMs) reply.header('Retry-After', String(seconds(r.retryAfterMs)));
        if (r.reason === 'wait') {
          req.log.warn({ username: i.body.username.slice(0, 100) }, 'console sign-in refused: too many failures');
          throw r.locked
            ? new AdminHttpError(429, 'locked', `Too many failed sign-ins: this name is locked for ${waitText(r.retryAfterMs)}. Wait, or have another admin reset it.`)
            : new AdminHttpError(429, 'tooManyAttempts', `Too many failed sign-ins: wait ${waitText(r.retryAfterMs)} before the next try.`);
        }
        req.log.warn({ username: i.body.username.slice(0, 100), failures: r.failures }, 'console sign-in failed');
        const then = r.retryAfterMs ? ` Wait ${waitText(r.retryAfterMs)} before the next try.` : '';
        throw new AdminHttpError(401, 'invalidCredentials', `Wrong username or password.${then}`);
      },
    }),
    route({
      method: 'DELETE',
      path: '/session',
      tag: 'session',
      summary: 'Sign out: ends the session everywhere (it is kept in the database) and clears the cookie',
      response: { status: 204, description: 'signed out' },
      handler: async (req, reply) => {
        const c = req.adminCaller;
        if (c?.kind === 'session') await d.sessions.end(c.secret);
        clearSessionCookie(reply, d.secureCookies, cookiePath);
        reply.code(204);
        return undefined;
      },
    }),
    route({ method: 'GET', path: '/accounts', tag: 'session', summary: 'The admin accounts', response: { status: 200, description: '{ accounts }' }, handler: async () => ({ accounts: await d.accounts.list() }) }),
    route({
      method: 'POST',
      path: '/accounts',
      tag: 'session',
      summary: 'Create another admin account',
      body: credentials,
      response: { status: 201, description: '{ account }' },
      handler: async (_req, reply, i) => {
        reply.code(201);
        return { account: await d.accounts.create(i.body.username, i.body.password) };
      },
    }),
  ];
}
