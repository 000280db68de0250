import { expect } from 'vitest';
import type { ConsoleServer } from './console-server.js';

/** A tenant made with the CLI: its id, SCIM base URL and a bearer token (what an app's admin copies when activating SCIM). */
export interface TenantAccess {
  id: string;
  name: string;
  scimUrl: string;
  token: string;
}

/** Creates a tenant and a token for it with the CLI, as an app's admin (or a script) would. */
export async function tenantWithToken(server: ConsoleServer, name: string): Promise<TenantAccess> {
  const t = await server.cli(['tenant', 'create', name, '--json']);
  expect(t.code, t.stderr).toBe(0);
  const tenant = JSON.parse(t.stdout) as { id: string; scimUrl: string };
  const k = await server.cli(['token', 'create', '--tenant', tenant.id, '--name', 'console-test', '--json']);
  expect(k.code, k.stderr).toBe(0);
  return { id: tenant.id, name, scimUrl: `${server.base}/scim/v2/${tenant.id}`, token: (JSON.parse(k.stdout) as { token: string }).token };
}

/** A SCIM request to a tenant with its token; the parsed body. */
export async function scim(t: TenantAccess, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.scimUrl}${path}`, { method, headers: { authorization: `Bearer ${t.token}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Creates a user in a tenant over SCIM. */
export async function scimUser(t: TenantAccess, userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await scim(t, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

/** The users of a tenant whose userName is the given one. */
export async function findUser(t: TenantAccess, userName: string): Promise<any[]> {
  const r = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  return (r.body?.Resources ?? []) as any[];
}

/** Creates a console admin with the CLI. */
export async function createAdmin(server: ConsoleServer, username: string, password: string): Promise<void> {
  const r = await server.cli(['admin', 'create', username], `${password}\n`);
  expect(r.code, r.stderr).toBe(0);
}
