import { z } from 'zod';
import type { AdminRoute } from './admin-route.js';

function schemaOf(t: z.ZodType): unknown {
  try {
    const { $schema: _s, ...rest } = z.toJSONSchema(t, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  } catch {
    return { type: 'object' };
  }
}

function queryParams(q: z.ZodType | undefined): unknown[] {
  if (!q) return [];
  const s = schemaOf(q) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: s.required?.includes(name) ?? false, schema, ...(schema.description ? { description: schema.description } : {}) }));
}

/** The OpenAPI 3.1 document of the admin API, generated from the same route definitions the server registers. */
export function openApiDocument(routes: AdminRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' }, description: m[1] === 'app' ? 'app id or name' : `${m[1]} id` }));
    const op: Record<string, unknown> = {
      tags: [r.tag],
      summary: r.summary,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...params, ...queryParams(r.query)],
      responses: {
        [String(r.response.status)]: { description: r.response.description },
        '400': { description: 'Bad input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...(r.public ? {} : { '401': { description: 'No valid admin key or session' }, '403': { description: 'A session request without its CSRF token, or from another site' } }),
        '404': { description: 'No such app, tenant, user or group' },
      },
      ...(r.public ? { security: [] } : {}),
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body) } } };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'scimkit admin API',
      version,
      description:
        'Configure and run provisioning: apps (target SCIM endpoint, secret token, settings), assignments, attribute mappings and scoping filters, cycles, provision on demand, dry runs, logs. Authenticate with an admin key (`scimkit admin-key create`): `Authorization: Bearer scimkit_admin_…`, or, as the console does, with the session cookie from `POST /session` plus the CSRF token of the session in an `X-CSRF-Token` header on every request that changes something. A SCIM token never works here, nor an admin key on /scim.',
    },
    servers: [{ url: '/admin/v1' }],
    security: [{ adminKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'An admin API key' },
        session: { type: 'apiKey', in: 'cookie', name: 'scimkit_session', description: 'A console session (POST /session); writes also need the X-CSRF-Token header' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
        },
      },
    },
    paths,
  };
}
