import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { AdminAccountStore } from '../../admin/admin-account-store.js';
import type { AdminKeyStore } from '../../admin/admin-key-store.js';
import type { AdminSessionStore } from '../../admin/admin-session-store.js';
import type { ProvisioningEngine } from '../../provisioning/engine.js';
import { provError } from '../../provisioning/errors.js';
import type { Store } from '../../data/store.js';
import { authenticateAdmin, clearSessionCookie, type AdminCaller } from './admin-auth.js';
import { AdminHttpError, adminErrorHandler } from './admin-errors.js';
import { fastifyPath, route, type AdminRoute } from './admin-route.js';
import { appRoutes } from './app-routes.js';
import { directoryRoutes } from './directory-routes.js';
import { editorRoutes } from './editor-routes.js';
import { openApiDocument } from './openapi.js';
import { sessionRoutes } from './session-routes.js';
import { tenantRoutes } from './tenant-routes.js';

// Who an admin API write is recorded as: the signed-in admin's user name, or "key:<name>" for an admin key.
async function actorOf(accounts: AdminAccountStore, c: AdminCaller | undefined): Promise<string | null> {
  if (c?.kind === 'key') return `key:${c.name}`;
  if (c?.kind === 'session') return (await accounts.get(c.accountId))?.username ?? null;
  return null;
}

/** Where the admin API lives. */
export const ADMIN_PREFIX = '/admin/v1';

/** What the admin API needs: the store, admin keys, accounts and sessions, the engine if the server could open it, and a way to ask for a cycle. */
export interface AdminApiOptions {
  store: Store;
  keys: AdminKeyStore;
  accounts: AdminAccountStore;
  sessions: AdminSessionStore;
  engine: ProvisioningEngine | undefined;
  /** Why the engine is not there (no secret key), for the error every engine route then answers. */
  engineProblem?: string;
  /** Asks the scheduler for a cycle of the app now; late-bound, since the scheduler starts after the server listens. */
  trigger: (appId: string) => void;
  /** A tenant's SCIM base URL as clients must use it. */
  scimUrl: (tenantId: string) => string;
  /** The largest page a list returns. */
  maxResults: number;
  /** Served over https (the public base URL is https): session cookies are Secure. */
  secureCookies: boolean;
  version: string;
}

/**
 * Registers the admin REST API under /admin/v1: every route from one table, which also generates the
 * OpenAPI document served at /admin/v1/openapi.json; authentication by admin key or console session; JSON errors.
 */
export async function registerAdminApi(app: FastifyInstance, o: AdminApiOptions): Promise<void> {
  const deps = {
    engine: () => {
      if (!o.engine) throw provError.secretKey(`provisioning is off on this server: ${o.engineProblem ?? 'the engine could not start'}`);
      return o.engine;
    },
    trigger: (id: string) => o.trigger(id),
  };
  const auth = { keys: o.keys, accounts: o.accounts, sessions: o.sessions, secureCookies: o.secureCookies };
  const openapi = route({ method: 'GET', path: '/openapi.json', tag: 'meta', summary: 'This document', public: true, response: { status: 200, description: 'OpenAPI 3.1' }, handler: async () => spec });
  const routes: AdminRoute[] = [
    openapi,
    ...sessionRoutes(auth, ADMIN_PREFIX),
    ...tenantRoutes({ store: o.store, scimUrl: o.scimUrl }),
    ...directoryRoutes({ store: o.store, scimUrl: o.scimUrl, maxResults: o.maxResults, actorOf: (req) => actorOf(o.accounts, req.adminCaller) }),
    ...appRoutes(deps),
    ...editorRoutes(deps, o.store),
  ];
  const spec = openApiDocument(routes, o.version);
  const open = new Set(routes.filter((r) => r.public).map((r) => `${r.method} ${ADMIN_PREFIX}${fastifyPath(r.path)}`));
  await app.register(
    async (admin) => {
      await admin.register(cookie);
      admin.setErrorHandler(adminErrorHandler);
      // Authenticate before the body is read, so an unauthenticated caller learns nothing from parse errors.
      // Public routes (sign-in, first run, this document) learn who calls when they can, and go on when not.
      admin.addHook('onRequest', async (req, reply) => {
        if (!open.has(`${req.method} ${req.routeOptions.url}`)) {
          req.adminCaller = await authenticateAdmin(auth, req);
          return;
        }
        req.adminCaller = await authenticateAdmin(auth, req).catch((err: unknown) => {
          if (err instanceof AdminHttpError && err.code === 'sessionExpired') clearSessionCookie(reply, o.secureCookies, ADMIN_PREFIX);
          return undefined;
        });
      });
      admin.setNotFoundHandler((req) => {
        throw new AdminHttpError(404, 'notFound', `No admin API endpoint at ${req.method} ${req.url.split('?')[0]} (see ${ADMIN_PREFIX}/openapi.json).`);
      });
      for (const r of routes) {
        admin.route({
          method: r.method,
          url: fastifyPath(r.path),
          handler: async (req, reply) => {
            const body = r.body ? r.body.parse(req.body ?? {}) : undefined;
            const query = r.query ? r.query.parse(req.query ?? {}) : req.query;
            const out = await r.handler(req, reply, { params: req.params as Record<string, string>, body, query });
            if (reply.sent) return reply;
            return out;
          },
        });
      }
    },
    { prefix: ADMIN_PREFIX },
  );
}
