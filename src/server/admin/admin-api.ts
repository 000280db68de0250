import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminKeyStore } from '../../admin/admin-key-store.js';
import type { ProvisioningEngine } from '../../provisioning/engine.js';
import { provError } from '../../provisioning/errors.js';
import type { Store } from '../../store/store.js';
import { AdminHttpError, adminErrorHandler } from './admin-errors.js';
import { fastifyPath, route, type AdminRoute } from './admin-route.js';
import { appRoutes } from './app-routes.js';
import { editorRoutes } from './editor-routes.js';
import { openApiDocument } from './openapi.js';

/** Where the admin API lives. */
export const ADMIN_PREFIX = '/admin/v1';

/** What the admin API needs: the store, the admin keys, the engine if the server could open it, and a way to ask for a cycle. */
export interface AdminApiOptions {
  store: Store;
  keys: AdminKeyStore;
  engine: ProvisioningEngine | undefined;
  /** Why the engine is not there (no secret key), for the error every engine route then answers. */
  engineProblem?: string;
  /** Asks the scheduler for a cycle of the app now; late-bound, since the scheduler starts after the server listens. */
  trigger: (appId: string) => void;
  version: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

async function authenticate(keys: AdminKeyStore, req: FastifyRequest): Promise<void> {
  const m = BEARER.exec(String(req.headers.authorization ?? ''));
  const key = m ? await keys.verify(m[1]!) : undefined;
  if (!key) throw new AdminHttpError(401, 'unauthorized', 'Send an admin key: "Authorization: Bearer scimkit_admin_…" (create one with `scimkit admin-key create`).');
}

/**
 * Registers the admin REST API under /admin/v1: every route from one table, which also generates the
 * OpenAPI document served at /admin/v1/openapi.json; admin-key authentication; JSON errors.
 */
export async function registerAdminApi(app: FastifyInstance, o: AdminApiOptions): Promise<void> {
  const deps = {
    engine: () => {
      if (!o.engine) throw provError.secretKey(`provisioning is off on this server: ${o.engineProblem ?? 'the engine could not start'}`);
      return o.engine;
    },
    trigger: (id: string) => o.trigger(id),
  };
  const routes: AdminRoute[] = [...appRoutes(deps), ...editorRoutes(deps, o.store)];
  const spec = openApiDocument(
    [...routes, route({ method: 'GET', path: '/openapi.json', tag: 'meta', summary: 'This document', public: true, response: { status: 200, description: 'OpenAPI 3.1' }, handler: async () => undefined })],
    o.version,
  );
  await app.register(
    async (admin) => {
      admin.setErrorHandler(adminErrorHandler);
      // Authenticate before the body is read, so an unauthenticated caller learns nothing from parse errors.
      admin.addHook('onRequest', async (req) => {
        if (req.routeOptions.url !== `${ADMIN_PREFIX}/openapi.json`) await authenticate(o.keys, req);
      });
      admin.setNotFoundHandler((req) => {
        throw new AdminHttpError(404, 'notFound', `No admin API endpoint at ${req.method} ${req.url.split('?')[0]} (see ${ADMIN_PREFIX}/openapi.json).`);
      });
      admin.get('/openapi.json', async () => spec);
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
