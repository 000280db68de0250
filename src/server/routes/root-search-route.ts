import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LIST_RESPONSE_SCHEMA } from '../../scim/discovery.js';
import { scimError } from '../../scim/errors.js';
import { validateFilter } from '../../scim/filter/evaluate-filter.js';
import type { ResourceKind } from '../../scim/schema/types.js';
import { parseListParams } from '../list-params.js';
import { listResources } from '../resource-service.js';
import { searchParams } from './resource-routes.js';
import type { ScimContextOf } from './scim-context.js';
import { sendOutcome } from './send-outcome.js';

/** POST /.search at the tenant root (RFC 7644 §3.4.3): Users, then Groups, as one result set. */
export function registerRootSearchRoute(app: FastifyInstance, ctxOf: ScimContextOf): void {
  app.post('/.search', async (req: FastifyRequest, reply) => {
    const ctx = ctxOf(req);
    const params = parseListParams(undefined, searchParams((req.body ?? {}) as Record<string, unknown>), ctx.maxResults);
    if (params.cursor !== undefined) throw scimError.invalidValue('Cursor paging is offered per resource type; search /Users/.search or /Groups/.search.');
    if (params.sortBy) throw scimError.invalidValue('sortBy is not supported across resource types; search one type.');
    const kinds: ResourceKind[] = ['User', 'Group'];
    for (const k of kinds) if (params.filter) validateFilter(k, params.filter);
    const resources: unknown[] = [];
    let total = 0;
    let skip = params.startIndex - 1;
    let room = params.count;
    for (const kind of kinds) {
      const page = await listResources(ctx, kind, { ...params, startIndex: skip + 1, count: room }, 'object');
      const body = page.body as { totalResults: number; Resources: unknown[] };
      total += body.totalResults;
      resources.push(...body.Resources);
      room -= body.Resources.length;
      skip = Math.max(0, skip - body.totalResults);
    }
    return sendOutcome(req, reply, {
      status: 200,
      body: { schemas: [LIST_RESPONSE_SCHEMA], totalResults: total, itemsPerPage: resources.length, startIndex: params.startIndex, Resources: resources },
    });
  });
}
