import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ResourceKind } from '../../scim/schema/types.js';
import { parseListParams, parseSelection } from '../list-params.js';
import { createResource, deleteResource, getResource, listResources, patchResource, replaceResource, type Outcome, type ScimContext } from '../resource-service.js';
import { route, type AdminRoute } from './admin-route.js';
import { importUsersCsv } from './csv-import.js';
import { requireTenant, type TenantDeps } from './tenant-routes.js';

/** What directory routes need beyond the tenant lookup: the page size limit, and who the caller is for the audit trail. */
export interface DirectoryDeps extends TenantDeps {
  maxResults: number;
  /** The admin behind a request (user name, or "key:<name>"), recorded with each write it makes. */
  actorOf?: (req: FastifyRequest) => Promise<string | null>;
}

const listQuery = z.object({
  search: z.string().max(200).optional().describe('Part of a userName, displayName or e-mail (users), or of a displayName (groups)'),
  filter: z.string().max(10_000).optional().describe('A SCIM filter (RFC 7644 §3.4.2.2), ANDed with search'),
  startIndex: z.coerce.number().int().min(1).optional(),
  count: z.coerce.number().int().min(0).max(1000).optional(),
  sortBy: z.string().optional(),
  sortOrder: z.enum(['ascending', 'descending']).optional(),
});
const scimBody = z.record(z.string(), z.unknown()).describe('A SCIM resource (RFC 7643) or, for PATCH, a PatchOp (RFC 7644 §3.5.2)');
const importBody = z
  .object({ csv: z.string().max(5_000_000).describe('A header row (userName required; givenName, familyName, displayName, email, title, department, employeeNumber, externalId, active) and one user a row'), commit: z.boolean().default(false).describe('false: a preview with every problem; true: create the valid rows') })
  .strict();

// Console writes are audited like SCIM writes: no token, the admin API path, the caller's address, and the admin.
async function contextFor(d: DirectoryDeps, req: FastifyRequest, tenantId: string): Promise<ScimContext> {
  const actor = req.method === 'GET' ? null : ((await d.actorOf?.(req)) ?? null);
  return {
    store: d.store,
    tenantId,
    base: d.scimUrl(tenantId),
    maxResults: d.maxResults,
    ...(req.method === 'GET' ? {} : { audit: { tokenId: null, clientIp: req.ip, method: req.method, path: req.url.split('?')[0]!.slice(0, 500), bulkOp: null, actor } }),
  };
}

function body(out: Outcome): unknown {
  return out.text !== undefined ? JSON.parse(out.text) : out.body;
}

function searchFilter(kind: ResourceKind, search: string | undefined, filter: string | undefined): string | undefined {
  const s = search?.trim();
  const parts: string[] = [];
  if (s) {
    const v = JSON.stringify(s);
    parts.push(kind === 'User' ? `(userName co ${v} or displayName co ${v} or emails.value co ${v} or name.familyName co ${v})` : `(displayName co ${v})`);
  }
  if (filter?.trim()) parts.push(`(${filter})`);
  return parts.length ? parts.join(' and ') : undefined;
}

/** A tenant's users and groups for the console, through the same SCIM operations the SCIM endpoint runs (validation, uniqueness, audit). */
export function directoryRoutes(d: DirectoryDeps): AdminRoute[] {
  const routes: AdminRoute[] = [];
  for (const [segment, kind] of [['users', 'User'], ['groups', 'Group']] as const) {
    const base = `/tenants/{tenant}/${segment}`;
    const ctx = async (req: FastifyRequest, tenant: string) => contextFor(d, req, (await requireTenant(d.store, tenant)).id);
    routes.push(
      route({
        method: 'GET',
        path: base,
        tag: 'directory',
        summary: `List or search the tenant's ${segment}, a page at a time (a SCIM ListResponse)`,
        query: listQuery,
        response: { status: 200, description: 'ListResponse' },
        handler: async (req, _r, i) => {
          const q = i.query as z.infer<typeof listQuery>;
          const filter = searchFilter(kind, q.search, q.filter);
          const params = parseListParams(kind, { ...(filter ? { filter } : {}), startIndex: q.startIndex, count: q.count ?? 25, sortBy: q.sortBy, sortOrder: q.sortOrder }, d.maxResults);
          return body(await listResources(await ctx(req, i.params.tenant!), kind, params, 'object'));
        },
      }),
      route({ method: 'GET', path: `${base}/{id}`, tag: 'directory', summary: `One ${kind.toLowerCase()} with its ${kind === 'User' ? 'groups' : 'members'}`, response: { status: 200, description: kind }, handler: async (req, _r, i) => body(await getResource(await ctx(req, i.params.tenant!), kind, i.params.id!, parseSelection({}))) }),
      route({
        method: 'POST',
        path: base,
        tag: 'directory',
        summary: `Create a ${kind.toLowerCase()}`,
        body: scimBody,
        response: { status: 201, description: kind },
        handler: async (req, reply, i) => {
          reply.code(201);
          return body(await createResource(await ctx(req, i.params.tenant!), kind, { schemas: [`urn:ietf:params:scim:schemas:core:2.0:${kind}`], ...i.body }, {}));
        },
      }),
      route({ method: 'PUT', path: `${base}/{id}`, tag: 'directory', summary: `Replace a ${kind.toLowerCase()}`, body: scimBody, response: { status: 200, description: kind }, handler: async (req, _r, i) => body(await replaceResource(await ctx(req, i.params.tenant!), kind, i.params.id!, { schemas: [`urn:ietf:params:scim:schemas:core:2.0:${kind}`], ...i.body }, {})) }),
      route({
        method: 'PATCH',
        path: `${base}/{id}`,
        tag: 'directory',
        summary: `Change a ${kind.toLowerCase()} with a SCIM PatchOp (disable, rename, ${kind === 'Group' ? 'add or remove members' : 'any attribute'})`,
        body: scimBody,
        response: { status: 200, description: kind },
        handler: async (req, _r, i) => {
          const c = await ctx(req, i.params.tenant!);
          await patchResource(c, kind, i.params.id!, i.body, {});
          return body(await getResource(c, kind, i.params.id!, {}));
        },
      }),
      route({
        method: 'DELETE',
        path: `${base}/{id}`,
        tag: 'directory',
        summary: `Delete a ${kind.toLowerCase()}`,
        response: { status: 204, description: 'deleted' },
        handler: async (req, reply, i) => {
          await deleteResource(await ctx(req, i.params.tenant!), kind, i.params.id!);
          reply.code(204);
          return undefined;
        },
      }),
    );
  }
  routes.push(
    route({
      method: 'POST',
      path: '/tenants/{tenant}/users/import',
      tag: 'directory',
      summary: 'Import users from CSV: a preview with every row checked, or (commit) create the valid rows; each row gets its outcome',
      body: importBody,
      response: { status: 200, description: '{ rows, valid, invalid, created, failed }' },
      handler: async (req, _r, i) => importUsersCsv(await contextFor(d, req, (await requireTenant(d.store, i.params.tenant!)).id), i.body.csv, i.body.commit),
    }),
  );
  return routes;
}
