import { z } from 'zod';
import type { AuditQuery } from '../../store/audit-store.js';
import type { Store } from '../../data/store.js';
import type { Tenant } from '../../tenants/tenant-store.js';
import { AdminHttpError } from './admin-errors.js';
import { route, type AdminRoute } from './admin-route.js';

/** How tenant routes find a tenant and word its SCIM URL. */
export interface TenantDeps {
  store: Store;
  scimUrl(tenantId: string): string;
}

/** A tenant by id or name, or a 404 naming it. */
export async function requireTenant(store: Store, idOrName: string): Promise<Tenant> {
  const t = await store.tenants.find(idOrName);
  if (!t) throw new AdminHttpError(404, 'notFound', `No tenant with id or name ${JSON.stringify(idOrName)}.`);
  return t;
}

const createTenantBody = z.object({ name: z.string().trim().min(1).max(200).describe('Unique regardless of case') }).strict();
const createTokenBody = z
  .object({ name: z.string().trim().max(200).optional().describe('A label, e.g. "entra"'), expiresInDays: z.number().int().min(1).max(3650).optional() })
  .strict();
const auditQuery = z.object({
  since: z.string().optional().describe('ISO time'),
  until: z.string().optional().describe('ISO time'),
  status: z.string().regex(/^([1-5]xx|\d{3})$/i, 'an exact status (401) or a class (4xx)').optional(),
  method: z.string().optional(),
  token: z.string().optional().describe('A token id'),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

function isoTime(name: string, v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new AdminHttpError(400, 'invalidInput', `${name} is not a time: give an ISO time such as 2026-01-31T12:00:00Z`);
  return new Date(t).toISOString();
}

/** Tenants (each an isolated SCIM directory), their SCIM tokens and their inbound activity log. */
export function tenantRoutes(d: TenantDeps): AdminRoute[] {
  const view = (t: Tenant) => ({ ...t, scimUrl: d.scimUrl(t.id) });
  return [
    route({ method: 'GET', path: '/tenants', tag: 'tenants', summary: 'The tenants (source directories and SCIM apps), with their SCIM base URLs', response: { status: 200, description: '{ tenants }' }, handler: async () => ({ tenants: (await d.store.tenants.list()).map(view) }) }),
    route({
      method: 'POST',
      path: '/tenants',
      tag: 'tenants',
      summary: 'Create a tenant',
      body: createTenantBody,
      response: { status: 201, description: '{ tenant }' },
      handler: async (_q, reply, i) => {
        if (await d.store.tenants.find(i.body.name)) throw new AdminHttpError(409, 'nameTaken', `A tenant named "${i.body.name}" exists already: choose another name.`);
        reply.code(201);
        return { tenant: view(await d.store.tenants.create(i.body.name)) };
      },
    }),
    route({ method: 'GET', path: '/tenants/{tenant}', tag: 'tenants', summary: 'A tenant with its SCIM base URL', response: { status: 200, description: '{ tenant }' }, handler: async (_q, _r, i) => ({ tenant: view(await requireTenant(d.store, i.params.tenant!)) }) }),
    route({
      method: 'GET',
      path: '/tenants/{tenant}/tokens',
      tag: 'tenants',
      summary: "The tenant's SCIM tokens, newest first, with last use (never their secrets)",
      response: { status: 200, description: '{ tokens }' },
      handler: async (_q, _r, i) => ({ tokens: await d.store.tokens.list((await requireTenant(d.store, i.params.tenant!)).id) }),
    }),
    route({
      method: 'POST',
      path: '/tenants/{tenant}/tokens',
      tag: 'tenants',
      summary: 'Generate a SCIM secret token: the answer is the only time it is shown',
      body: createTokenBody,
      response: { status: 201, description: '{ token, secret, scimUrl }' },
      handler: async (_q, reply, i) => {
        const t = await requireTenant(d.store, i.params.tenant!);
        const { info, token } = await d.store.tokens.create(t.id, { name: i.body.name, expiresInDays: i.body.expiresInDays });
        reply.code(201).header('cache-control', 'no-store');
        return { token: info, secret: token, scimUrl: d.scimUrl(t.id) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/tenants/{tenant}/tokens/{token}',
      tag: 'tenants',
      summary: 'Revoke a SCIM token at once',
      response: { status: 200, description: '{ token }' },
      handler: async (_q, _r, i) => {
        const t = await requireTenant(d.store, i.params.tenant!);
        // The token must belong to the tenant of the URL: one tenant's page never revokes another's token.
        if (!(await d.store.tokens.list(t.id)).some((x) => x.id === i.params.token)) throw new AdminHttpError(404, 'notFound', `Tenant ${t.name} has no token ${JSON.stringify(i.params.token)}.`);
        return { token: await d.store.tokens.revoke(i.params.token!) };
      },
    }),
    route({
      method: 'GET',
      path: '/tenants/{tenant}/audit',
      tag: 'tenants',
      summary: 'The inbound activity log: who wrote what (token, address, method, path, resource) and the outcome, newest first',
      query: auditQuery,
      response: { status: 200, description: '{ entries }' },
      handler: async (_q, _r, i) => {
        const t = await requireTenant(d.store, i.params.tenant!);
        const q = i.query as z.infer<typeof auditQuery>;
        const status = q.status === undefined ? undefined : /xx$/i.test(q.status) ? (q.status.toLowerCase() as AuditQuery['status']) : Number(q.status);
        const query: AuditQuery = { tenantId: t.id, since: isoTime('since', q.since), until: isoTime('until', q.until), status, method: q.method?.toUpperCase() || undefined, tokenId: q.token || undefined, limit: q.limit };
        return { entries: await d.store.audit.list(query, q.limit) };
      },
    }),
  ];
}
