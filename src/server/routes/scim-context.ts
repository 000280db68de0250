import type { FastifyRequest } from 'fastify';
import type { ScimContext } from '../resource-service.js';

/** Builds the ScimContext of an authenticated request (its tenant, its base URL). */
export type ScimContextOf = (req: FastifyRequest) => ScimContext;
