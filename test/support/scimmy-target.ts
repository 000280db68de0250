/**
 * A SCIM 2.0 target that is not scimkit: Users and Groups served by the SCIMMY library (its schemas,
 * filters, PATCH engine, ListResponse and errors) over node:http on loopback, in memory, with a bearer
 * token. The provisioning engine's interoperability tests run against it so that nothing they prove
 * relies on scimkit's own leniency (SCIMMY takes RFC 7644 PATCH, not Entra's quirks).
 *
 * What the handlers add to SCIMMY is what a real app adds: ids and meta, a unique userName (409
 * uniqueness), group members and managers that must exist in this target (400 invalidValue), and a
 * deleted user leaving its groups. userName is compared exactly, both for uniqueness and in filters:
 * SCIMMY's filter compares strings case-sensitively, and a target that refused a name its own lookup
 * cannot find would be inconsistent. SCIMMY's filter parser also rejects escaped quotes and backslashes
 * in values (`"a\"b"`), which RFC 7644 allows; values with them cannot be looked up here. Several targets may run in one process: each request carries its
 * target's store to the handlers as SCIMMY's `ctx`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import SCIMMY from 'scimmy';

/** A resource as the target stores it (plain JSON, as SCIMMY parsed it, plus id and meta). */
export type StoredResource = Record<string, any> & { id: string; meta: { resourceType: string; created: string; lastModified: string } };

/** One request as the target saw it, with the status it answered. */
export interface ScimmyRequest {
  method: string;
  /** Path below the SCIM base, e.g. `/Users/123`. */
  path: string;
  /** The query string as sent, without `?`. */
  query: string;
  /** The parsed JSON body, if any. */
  body: unknown;
  status: number;
}

/** A running SCIMMY target: where to reach it, its token, its state and what it was sent. */
export interface ScimmyTarget {
  origin: string;
  /** The Tenant URL to configure: `<origin>/scim/v2`. */
  scimUrl: string;
  token: string;
  readonly requests: ScimmyRequest[];
  /** Copies of the stored users and groups, for assertions. */
  users(): StoredResource[];
  groups(): StoredResource[];
  userByName(userName: string): StoredResource | undefined;
  groupByName(displayName: string): StoredResource | undefined;
  /** Member ids of a group, sorted. */
  membersOf(groupId: string): string[];
  close(): Promise<void>;
}

interface Store {
  users: Map<string, StoredResource>;
  groups: Map<string, StoredResource>;
}

type Handler = (resource: { id?: string; filter?: { match(values: object[]): object[] } }, ...rest: any[]) => unknown;

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function plain(instance: unknown): Record<string, any> {
  return JSON.parse(JSON.stringify(instance)) as Record<string, any>;
}

function fail(status: number, scimType: string | null, detail: string): never {
  throw new SCIMMY.Types.Error(status, scimType as never, detail);
}

function mapOf(store: Store, type: 'User' | 'Group'): Map<string, StoredResource> {
  return type === 'User' ? store.users : store.groups;
}

function egress(type: 'User' | 'Group'): Handler {
  return (resource, ctx: Store) => {
    const map = mapOf(ctx, type);
    if (resource.id !== undefined) return map.get(resource.id) ?? fail(404, null, `Resource ${resource.id} not found`);
    const all = [...map.values()];
    return resource.filter ? resource.filter.match(all) : all;
  };
}

function checkMembers(store: Store, members: unknown): void {
  for (const m of (members ?? []) as { value?: string }[]) {
    if (!m.value || (!store.users.has(m.value) && !store.groups.has(m.value))) fail(400, 'invalidValue', `member ${JSON.stringify(m.value)} does not exist`);
  }
}

function ingress(type: 'User' | 'Group'): Handler {
  return (resource, instance: unknown, ctx: Store) => {
    const map = mapOf(ctx, type);
    const data = plain(instance);
    delete data.id;
    delete data.meta;
    const now = new Date().toISOString();
    const current = resource.id === undefined ? undefined : (map.get(resource.id) ?? fail(404, null, `Resource ${resource.id} not found`));
    if (type === 'User') {
      for (const u of ctx.users.values()) if (u.id !== current?.id && u.userName === data.userName) fail(409, 'uniqueness', `userName ${data.userName} is taken`);
      const manager = data[ENTERPRISE]?.manager?.value;
      if (manager !== undefined && !ctx.users.has(manager)) fail(400, 'invalidValue', `manager ${JSON.stringify(manager)} does not exist`);
    } else {
      checkMembers(ctx, data.members);
    }
    const rec = {
      ...data,
      id: current?.id ?? randomUUID(),
      meta: { resourceType: type, created: current?.meta.created ?? now, lastModified: now },
    } as StoredResource;
    map.set(rec.id, rec);
    return rec;
  };
}

function degress(type: 'User' | 'Group'): Handler {
  return (resource, ctx: Store) => {
    const map = mapOf(ctx, type);
    if (resource.id === undefined || !map.delete(resource.id)) fail(404, null, `Resource ${resource.id} not found`);
    for (const g of ctx.groups.values()) {
      if (Array.isArray(g.members)) g.members = g.members.filter((m: { value: string }) => m.value !== resource.id);
    }
  };
}

let declared = false;

function declareOnce(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({
    patch: true,
    filter: { supported: true, maxResults: 200 },
    sort: true,
    bulk: false,
    etag: false,
    changePassword: false,
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' }],
  } as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    egress: egress('User'),
    ingress: ingress('User'),
    degress: degress('User'),
    extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
  } as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, { egress: egress('Group'), ingress: ingress('Group'), degress: degress('Group') } as never);
}

function send(res: ServerResponse, status: number, body?: unknown): number {
  if (body === undefined) {
    res.writeHead(status).end();
    return status;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(json) }).end(json);
  return status;
}

function errorBody(ex: unknown): { status: number; body: unknown } {
  if (ex instanceof SCIMMY.Types.Error) {
    const e = ex as unknown as { status: number };
    return { status: Number(e.status), body: new SCIMMY.Messages.Error(ex as never) };
  }
  // SCIMMY reports bad input from its schema parsers as TypeErrors.
  if (ex instanceof TypeError) return { status: 400, body: new SCIMMY.Messages.Error({ status: 400, scimType: 'invalidValue', detail: ex.message } as never) };
  return { status: 500, body: new SCIMMY.Messages.Error({ status: 500, detail: String(ex) } as never) };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await text(req);
  if (!body.trim()) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return fail(400, 'invalidSyntax', 'the body is not JSON');
  }
}

// Query parameters as SCIMMY's resource constructors take them: startIndex and count as numbers.
function params(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(url.searchParams);
  for (const k of ['startIndex', 'count']) if (typeof out[k] === 'string') out[k] = Number(out[k]);
  return out;
}

/** Starts a SCIMMY-based target on 127.0.0.1 with an ephemeral port and an empty store. */
export async function startScimmyTarget(opts: { token?: string } = {}): Promise<ScimmyTarget> {
  declareOnce();
  const token = opts.token ?? `scimmy-${randomUUID()}`;
  const store: Store = { users: new Map(), groups: new Map() };
  const requests: ScimmyRequest[] = [];
  let base = '';

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, path: string, entry: ScimmyRequest): Promise<number> {
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, new SCIMMY.Messages.Error({ status: 401, detail: 'Unauthorized' } as never));
    const body = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' ? await readJson(req) : undefined;
    entry.body = body;
    // meta.location must name this target; SCIMMY keeps one base path per resource class.
    SCIMMY.Resources.User.basepath(base);
    SCIMMY.Resources.Group.basepath(base);
    SCIMMY.Resources.ServiceProviderConfig.basepath(base);
    SCIMMY.Resources.Schema.basepath(base);
    SCIMMY.Resources.ResourceType.basepath(base);
    if (req.method === 'GET' && path === '/ServiceProviderConfig') return send(res, 200, await new SCIMMY.Resources.ServiceProviderConfig().read());
    if (req.method === 'GET' && path === '/Schemas') return send(res, 200, await new SCIMMY.Resources.Schema().read());
    if (req.method === 'GET' && path === '/ResourceTypes') return send(res, 200, await new SCIMMY.Resources.ResourceType().read());
    const m = /^\/(Users|Groups)(?:\/([^/]+))?$/.exec(path);
    if (!m) return send(res, 404, new SCIMMY.Messages.Error({ status: 404, detail: `No endpoint at ${path}` } as never));
    const R = (m[1] === 'Users' ? SCIMMY.Resources.User : SCIMMY.Resources.Group) as any;
    const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const p = params(url);
    switch (`${req.method} ${id === undefined ? 'list' : 'one'}`) {
      case 'GET list':
        return send(res, 200, await new R(p).read(store));
      case 'GET one':
        return send(res, 200, await new R(id, p).read(store));
      case 'POST list':
        return send(res, 201, await new R(p).write(body, store));
      case 'PUT one':
        return send(res, 200, await new R(id, p).write(body, store));
      case 'PATCH one': {
        const value = await new R(id, p).patch(body, store);
        return send(res, value ? 200 : 204, value ?? undefined);
      }
      case 'DELETE one':
        await new R(id).dispose(store);
        return send(res, 204);
      default:
        return send(res, 405, new SCIMMY.Messages.Error({ status: 405, detail: `${req.method} not allowed on ${path}` } as never));
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://target');
    const path = url.pathname.replace(/^\/scim\/v2/, '') || '/';
    const entry: ScimmyRequest = { method: req.method ?? '', path, query: url.search.replace(/^\?/, ''), body: undefined, status: 0 };
    requests.push(entry);
    route(req, res, url, path, entry)
      .catch((ex: unknown) => {
        const { status, body } = errorBody(ex);
        return res.headersSent ? status : send(res, status, body);
      })
      .then((status) => {
        entry.status = status;
      })
      .catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}/scim/v2`;
  const copy = (r: StoredResource) => structuredClone(r);
  return {
    origin,
    scimUrl: base,
    token,
    requests,
    users: () => [...store.users.values()].map(copy),
    groups: () => [...store.groups.values()].map(copy),
    userByName: (userName) => {
      const u = [...store.users.values()].find((x) => x.userName === userName);
      return u && copy(u);
    },
    groupByName: (displayName) => {
      const g = [...store.groups.values()].find((x) => x.displayName === displayName);
      return g && copy(g);
    },
    membersOf: (groupId) => ((store.groups.get(groupId)?.members ?? []) as { value: string }[]).map((m) => m.value).sort(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
