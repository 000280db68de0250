import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResourceKind } from '../../scim/schema/types.js';
import { parseListParams, parseSelection } from '../list-params.js';
import { createResource, deleteResource, getResource, listResources, patchResource, replaceResource } from '../resource-service.js';
import type { ScimContextOf } from './scim-context.js';
import { sendOutcome } from './send-outcome.js';

type Req = FastifyRequest<{ Params: { tenant: string; id: string }; Querystring: Record<string, unknown> }>;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** /Users and /Groups: list, search, create, read, replace, patch, delete — the same code for both kinds. */
export function registerResourceRoutes(app: FastifyInstance, ctxOf: ScimContextOf): void {
  const kinds: [ResourceKind, string][] = [
    ['User', '/Users'],
    ['Group', '/Groups'],
  ];
  for (const [kind, path] of kinds) {
    app.get(path, async (req: Req, reply) => {
      const ctx = ctxOf(req);
      return sendOutcome(req, reply, await listResources(ctx, kind, parseListParams(kind, req.query, ctx.maxResults)), kind);
    });
    app.post(`${path}/.search`, async (req: Req, reply) => {
      const ctx = ctxOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      return sendOutcome(req, reply, await listResources(ctx, kind, parseListParams(kind, searchParams(body), ctx.maxResults)), kind);
    });
    app.post(path, async (req: Req, reply) => sendOutcome(req, reply, await createResource(ctxOf(req), kind, req.body, parseSelection(req.query)), kind));
    app.get(`${path}/:id`, async (req: Req, reply) =>
      sendOutcome(req, reply, await getResource(ctxOf(req), kind, req.params.id, parseSelection(req.query), header(req, 'if-none-match')), kind),
    );
    app.put(`${path}/:id`, async (req: Req, reply) =>
      sendOutcome(req, reply, await replaceResource(ctxOf(req), kind, req.params.id, req.body, parseSelection(req.query), header(req, 'if-match')), kind),
    );
    app.patch(`${path}/:id`, async (req: Req, reply) =>
      sendOutcome(req, reply, await patchResource(ctxOf(req), kind, req.params.id, req.body, parseSelection(req.query), header(req, 'if-match')), kind),
    );
    app.delete(`${path}/:id`, async (req: Req, reply) => sendOutcome(req, reply, await deleteResource(ctxOf(req), kind, req.params.id, header(req, 'if-match')), kind));
  }
}

/** A SearchRequest body's parameters (RFC 7644 §3.4.3), where attributes lists come as arrays. */
export function searchParams(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const k of Object.keys(out)) if (Array.isArray(out[k]) && /attributes$/i.test(k)) out[k] = (out[k] as unknown[]).join(',');
  delete out.schemas;
  return out;
}
