import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../../config/server-config.js';
import { resourceTypeById, resourceTypesList, schemaById, schemasList, serviceProviderConfig } from '../../scim/discovery.js';
import { scimError } from '../../scim/errors.js';
import type { ScimContextOf } from './scim-context.js';
import { sendOutcome } from './send-outcome.js';

type Req = FastifyRequest<{ Params: { tenant: string; id: string } }>;

/** /ServiceProviderConfig, /Schemas and /ResourceTypes (RFC 7644 §4), with this server's real limits. */
export function registerDiscoveryRoutes(app: FastifyInstance, ctxOf: ScimContextOf, config: ServerConfig): void {
  const limits = { maxOperations: config.maxBulkOperations, maxPayloadSize: config.maxPayloadBytes, maxResults: config.maxResults };
  app.get('/ServiceProviderConfig', async (req: Req, reply) => sendOutcome(req, reply, { status: 200, body: serviceProviderConfig(ctxOf(req).base, limits) }));
  app.get('/Schemas', async (req: Req, reply) => sendOutcome(req, reply, { status: 200, body: schemasList(ctxOf(req).base) }));
  app.get('/Schemas/:id', async (req: Req, reply) => {
    const body = schemaById(ctxOf(req).base, req.params.id);
    if (!body) throw scimError.notFound(`Schema ${req.params.id} not found.`);
    return sendOutcome(req, reply, { status: 200, body });
  });
  app.get('/ResourceTypes', async (req: Req, reply) => sendOutcome(req, reply, { status: 200, body: resourceTypesList(ctxOf(req).base) }));
  app.get('/ResourceTypes/:id', async (req: Req, reply) => {
    const body = resourceTypeById(ctxOf(req).base, req.params.id);
    if (!body) throw scimError.notFound(`ResourceType ${req.params.id} not found.`);
    return sendOutcome(req, reply, { status: 200, body });
  });
}
