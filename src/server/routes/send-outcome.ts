import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceKind } from '../../scim/schema/types.js';
import { SCIM_CONTENT_TYPE } from '../error-handler.js';
import type { Outcome } from '../resource-service.js';

/** Writes an Outcome as an HTTP response (status, ETag, Location, SCIM media type) and notes it for the audit. */
export function sendOutcome(req: FastifyRequest, reply: FastifyReply, o: Outcome, kind?: ResourceKind): FastifyReply {
  req.scimOutcome = Object.assign(req.scimOutcome ?? {}, { resourceType: kind ?? null, resourceId: o.resourceId ?? null, audited: !!o.audited });
  if (o.etag) reply.header('ETag', o.etag);
  if (o.location && o.status === 201) reply.header('Location', o.location);
  reply.code(o.status);
  if (o.text !== undefined) return reply.type(SCIM_CONTENT_TYPE).send(o.text);
  if (o.body === undefined) return reply.send();
  return reply.type(SCIM_CONTENT_TYPE).send(o.body);
}
