import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditDraft } from '../store/audit-store.js';
import type { Store } from '../data/store.js';
import { toScimError } from './error-handler.js';
import { SCIM_CONTENT_TYPE } from './error-handler.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for the requests whose outcome the audit trail records: writes, not reads (a POST .search reads). */
export function isWriteRequest(req: FastifyRequest): boolean {
  if (!WRITES.has(req.method)) return false;
  return !(req.method === 'POST' && /\/\.search$/.test(req.routeOptions.url ?? ''));
}

function pathOf(req: FastifyRequest): string {
  return req.url.split('?')[0]!;
}

/** Who is asking and what: the request's part of an audit record (the status comes with the outcome). */
export function requestAudit(req: FastifyRequest): Omit<AuditDraft, 'status'> {
  return { tokenId: req.scimAuth?.tokenId ?? null, clientIp: req.ip, method: req.method, path: pathOf(req), bulkOp: null };
}

/**
 * Records a refused request (401, 429) with the client address and the token id when the presented token is a
 * real one. Only for tenants that exist: a guess at a tenant id has nobody to report to (it is logged).
 */
export async function recordRefusal(store: Store, req: FastifyRequest, tenantId: string, r: { status: number; tokenId: string | null; detail: string }): Promise<void> {
  if (!(await store.tenants.get(tenantId))) return;
  await store.audit.record({
    ...requestAudit(req),
    tokenId: r.tokenId,
    tenantId,
    at: new Date().toISOString(),
    resourceType: null,
    resourceId: null,
    status: r.status,
    scimType: null,
    detail: r.detail,
  });
}

/**
 * `onSend` hook: a write whose record did not commit with it (it failed, or was refused before reaching the
 * store) is recorded now, before its response leaves. When even that record cannot be written, the request
 * fails with that error instead of being answered as if it had been recorded.
 */
export function recordUnauditedWrites(store: Store) {
  async function record(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const o = req.scimOutcome ?? {};
    try {
      await store.audit.record({
        ...requestAudit(req),
        tenantId: req.scimAuth!.tenantId,
        at: new Date().toISOString(),
        resourceType: o.resourceType ?? null,
        resourceId: o.resourceId ?? null,
        status: reply.statusCode,
        scimType: o.scimType ?? null,
        detail: o.detail ?? null,
      });
      return payload;
    } catch (err) {
      const scim = toScimError(err, req);
      for (const [k, v] of Object.entries(scim.headers)) reply.header(k, v);
      reply.code(scim.status).type(SCIM_CONTENT_TYPE);
      return JSON.stringify(scim.toBody());
    }
  }
  // Callback style, so the reads and recorded writes that make up most requests pass without a promise.
  return function onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void): void {
    if (!req.scimAuth || !isWriteRequest(req) || req.scimOutcome?.audited) return done(null, payload);
    record(req, reply, payload).then((p) => done(null, p), done);
  };
}
