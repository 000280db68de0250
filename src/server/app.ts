import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config/server-config.js';
import { scimError } from '../scim/errors.js';
import { checkJsonInput, checkText } from '../scim/input-rules.js';
import { AdminAccountStore } from '../admin/admin-account-store.js';
import { AdminKeyStore } from '../admin/admin-key-store.js';
import { AdminSessionStore, type SessionLifetime } from '../admin/admin-session-store.js';
import type { SignInPolicy } from '../admin/sign-in-policy.js';
import type { ProvisioningEngine } from '../provisioning/engine.js';
import { registerAdminApi } from './admin/admin-api.js';
import { VERSION } from './version.js';
import type { Store } from '../data/store.js';
import { RETRY_AFTER_UNREACHABLE_S } from '../store/dialect.js';
import { scimGate } from './auth.js';
import { clientErrorHandler } from './client-error.js';
import { registerConsole } from './console-static.js';
import { errorHandler, notJson, sendScimError } from './error-handler.js';
import './request-context.js';
import type { ScimContext } from './resource-service.js';
import { registerBulkRoute } from './routes/bulk-route.js';
import { registerDiscoveryRoutes } from './routes/discovery-routes.js';
import { registerResourceRoutes } from './routes/resource-routes.js';
import { recordUnauditedWrites, requestAudit } from './request-audit.js';
import { registerRootSearchRoute } from './routes/root-search-route.js';
import { SECURITY_HEADERS } from './security-headers.js';


/** Where every tenant's SCIM endpoint lives: `<baseUrl>/scim/v2/<tenantId>`. */
export const SCIM_PREFIX = '/scim/v2/:tenant';

/** The SCIM base URL of one tenant, as printed by the CLI and used in `meta.location`. */
export function tenantScimUrl(baseUrl: string, tenantId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/scim/v2/${tenantId}`;
}

// Parses JSON bodies of both SCIM and plain JSON media types; an empty body is "no body", not an error.
function parseJson(_req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void): void {
  if (body.trim() === '') return done(null, undefined);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return done(notJson(err as Error));
  }
  try {
    checkJsonInput(value);
  } catch (err) {
    return done(err as Error);
  }
  done(null, value);
}

// Path parameters and query values obey the same rule as body strings (a NUL in `/Users/ab%00cd` or in a
// filter reached PostgreSQL as an error): checked before authentication, as nothing is read for them.
function checkUrlInput(req: FastifyRequest): void {
  for (const [k, v] of Object.entries((req.params ?? {}) as Record<string, unknown>)) if (typeof v === 'string') checkText(v, () => `The URL's ${k}`);
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    checkText(k, 'A query parameter name');
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') checkText(x, () => `The query parameter ${k.slice(0, 40)}`);
  }
}

/** The provisioning side a server offers through the admin API: the engine (if it could open) and how to ask for a cycle now. */
export interface ServedEngine {
  engine?: ProvisioningEngine;
  problem?: string;
  trigger?: (appId: string) => void;
}

/** Console sign-in knobs a test sets: the clock, session lifetime and back-off policy (the defaults otherwise). */
export interface AdminAuthOptions {
  now?: () => Date;
  lifetime?: Partial<SessionLifetime>;
  policy?: SignInPolicy;
}

/** Builds the HTTP server: every tenant's SCIM endpoints, authentication, rate limits, audit and SCIM errors, the admin API and the console. */
export async function buildApp(opts: { store: Store; config: ServerConfig; provisioning?: ServedEngine; adminAuth?: AdminAuthOptions; consoleDir?: string }): Promise<FastifyInstance> {
  const { store, config } = opts;
  const app = Fastify({
    logger: { level: config.logLevel },
    // Per-request info lines would dominate the log (and the CPU) at thousands of requests a second.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxPayloadBytes,
    trustProxy: false,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 200 },
    // Malformed URLs are client mistakes too: answer them with SCIM error bodies, not Fastify's own.
    // Requests the HTTP parser refuses (over-long headers, ambiguous framing) get a SCIM body and our headers too.
    clientErrorHandler,
    frameworkErrors: (err, _req, reply) => {
      const scim =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? scimError.notFound('No resource has an id that long.')
          : scimError.invalidSyntax(`The request URL is malformed: ${err.message}`);
      void sendScimError(reply, scim);
    },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/scim+json', 'application/json'], { parseAs: 'string' }, parseJson);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendScimError(reply, scimError.notFound(`No SCIM endpoint at ${req.method} ${req.url.split('?')[0]}.`)));

  // Security headers for a JSON API, set once per response. (@fastify/helmet rebuilt its header set on
  // every request and cost about 5 % of a filter lookup; its HTML-oriented headers add nothing here.)
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    try {
      checkUrlInput(req);
    } catch (err) {
      return done(err as Error);
    }
    done();
  });
  // Liveness: the process answers. Readiness: it can also reach its database (load balancers route on this).
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (await store.db.ping()) return { status: 'ready' };
    return reply.code(503).header('Retry-After', String(RETRY_AFTER_UNREACHABLE_S)).send({ status: 'unavailable', detail: 'The database cannot be reached.' });
  });
  store.db.onConnectionLost((err) => app.log.warn({ err }, 'a database connection was lost; it is replaced on the next request'));

  await app.register(
    async (scim) => {
      // Rate limits come from @fastify/rate-limit, applied by the gate below (not per route) once the caller is known.
      await scim.register(rateLimit, { global: false });
      // Authenticate before the body is read: a write whose body is refused (bad JSON, too large, wrong
      // media type) is still attributed and audited, and an unauthenticated client gets 401, not a parse error.
      scim.addHook('onRequest', scimGate(scim, store, config.rateLimitPerSecond));
      // A write that did not record itself with its change (it failed) is recorded before its answer leaves.
      scim.addHook('onSend', recordUnauditedWrites(store));
      const base = config.baseUrl.replace(/\/+$/, '');
      const ctxOf = (req: FastifyRequest): ScimContext => {
        const ctx: ScimContext = { store, tenantId: req.scimAuth!.tenantId, base: tenantScimUrl(base, req.scimAuth!.tenantId), maxResults: config.maxResults };
        // Reads record nothing; only writes carry their part of an audit record.
        if (req.method !== 'GET') ctx.audit = requestAudit(req);
        return ctx;
      };
      registerDiscoveryRoutes(scim, ctxOf, config);
      registerResourceRoutes(scim, ctxOf);
      registerRootSearchRoute(scim, ctxOf);
      registerBulkRoute(scim, ctxOf, config);
      scim.get('/Me', async () => {
        throw scimError.notImplemented('/Me is not offered: tokens belong to a tenant, not to a user.');
      });
    },
    { prefix: SCIM_PREFIX },
  );
  const keys = await AdminKeyStore.open(store.db);
  const accounts = await AdminAccountStore.open(store.db, { now: opts.adminAuth?.now, policy: opts.adminAuth?.policy });
  const sessions = await AdminSessionStore.open(store.db, { now: opts.adminAuth?.now, lifetime: opts.adminAuth?.lifetime });
  const served = opts.provisioning ?? {};
  await registerAdminApi(app, {
    store,
    keys,
    accounts,
    sessions,
    scimUrl: (id) => tenantScimUrl(config.baseUrl, id),
    maxResults: config.maxResults,
    secureCookies: config.baseUrl.startsWith('https:'),
    engine: served.engine,
    engineProblem: served.problem ?? 'it was not started with this server',
    trigger: (id) => served.trigger?.(id),
    version: VERSION,
  });
  await registerConsole(app, opts.consoleDir);
  return app;
}
