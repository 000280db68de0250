import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Records every write request of an authenticated tenant (who, what, when, outcome) after the response is sent. */
export function auditHook(store: Store) {
  return async function audit(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!WRITES.has(req.method) || !req.scimAuth) return;
    // Searches are POSTs that read; they are not writes.
    if (req.method === 'POST' && /\/\.search$/.test(req.routeOptions.url ?? '')) return;
    const o = req.scimOutcome ?? {};
    try {
      await store.audit.record({
        tenantId: req.scimAuth.tenantId,
        at: new Date().toISOString(),
        tokenId: req.scimAuth.tokenId,
        method: req.method,
        path: req.url.split('?')[0]!,
        resourceType: o.resourceType ?? null,
        resourceId: o.resourceId ?? null,
        status: reply.statusCode,
        scimType: o.scimType ?? null,
        detail: o.detail ?? null,
      });
    } catch (err) {
      req.log.error({ err }, 'could not write the audit record');
    }
  };
}
