/**
 * The comparison point: a SCIM 2.0 Users endpoint built the way the SCIMMY library documents it
 * (SCIMMY.Resources.User with ingress/egress/degress handlers over an in-memory store), served on
 * plain node:http. Started as a child process by bench/run.ts; never part of scimkit.
 *
 * The store is what a straightforward SCIMMY integration keeps: records in an array (egress hands
 * filters to SCIMMY's own `Filter.match`, as its docs suggest) plus a Map by id for single-resource
 * reads and a Map by userName for the uniqueness check, so PATCH and POST are not penalised.
 *
 * Usage (from the repository root): node --import tsx bench/baseline-server.ts --users N --port P --token T
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import SCIMMY from 'scimmy';
import { ENTERPRISE_SCHEMA, userBody } from './lib/dataset.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`baseline-server: missing --${name}`);
  return v;
}

const users = Number(arg('users'));
const port = Number(arg('port'));
const token = arg('token');
const origin = `http://127.0.0.1:${port}`;

type Rec = Record<string, unknown> & { id: string; userName: string; meta: Record<string, unknown> };

const all: Rec[] = [];
const indexOf = new Map<string, number>();
const idOfUserName = new Map<string, string>();

function plain(instance: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}

function put(rec: Rec): void {
  const at = indexOf.get(rec.id);
  if (at === undefined) {
    indexOf.set(rec.id, all.length);
    all.push(rec);
  } else all[at] = rec;
  idOfUserName.set(rec.userName.toLowerCase(), rec.id);
}

// What the ingress handler stores for a new user: SCIMMY's parsed instance as plain JSON, plus id and meta.
function newRecord(instance: unknown, now: string): Rec {
  const data = plain(instance);
  delete data.id;
  delete data.meta;
  return { ...data, id: randomUUID(), meta: { resourceType: 'User', created: now, lastModified: now } } as unknown as Rec;
}

SCIMMY.Resources.declare(SCIMMY.Resources.User, {
  basepath: `${origin}/scim/v2`,
  extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
  egress: (resource: { id?: string; filter?: { match(values: object[]): object[] } }) => {
    if (resource.id) {
      const at = indexOf.get(resource.id);
      if (at === undefined) throw new SCIMMY.Types.Error(404, null!, `Resource ${resource.id} not found`);
      return all[at]!;
    }
    return resource.filter ? resource.filter.match(all) : all;
  },
  ingress: (resource: { id?: string }, instance: unknown) => {
    const now = new Date().toISOString();
    if (resource.id) {
      const at = indexOf.get(resource.id);
      if (at === undefined) throw new SCIMMY.Types.Error(404, null!, `Resource ${resource.id} not found`);
      const current = all[at]!;
      const data = plain(instance);
      const userName = String(data.userName ?? current.userName);
      const owner = idOfUserName.get(userName.toLowerCase());
      if (owner !== undefined && owner !== current.id) throw new SCIMMY.Types.Error(409, 'uniqueness', 'userName is taken');
      if (userName.toLowerCase() !== current.userName.toLowerCase()) idOfUserName.delete(current.userName.toLowerCase());
      const rec = { ...data, id: current.id, meta: { ...current.meta, lastModified: now } } as unknown as Rec;
      put(rec);
      return rec;
    }
    const rec = newRecord(instance, now);
    if (idOfUserName.has(rec.userName.toLowerCase())) throw new SCIMMY.Types.Error(409, 'uniqueness', 'userName is taken');
    put(rec);
    return rec;
  },
  degress: (resource: { id?: string }) => {
    const at = resource.id === undefined ? undefined : indexOf.get(resource.id);
    if (at === undefined) throw new SCIMMY.Types.Error(404, null!, `Resource ${resource.id} not found`);
    const rec = all[at]!;
    const last = all.pop()!;
    if (last !== rec) {
      all[at] = last;
      indexOf.set(last.id, at);
    }
    indexOf.delete(rec.id);
    idOfUserName.delete(rec.userName.toLowerCase());
  },
} as never);

// The record SCIMMY's inbound parsing yields for synthetic user i, built directly: parsing costs close to
// a millisecond per user in SCIMMY, which would make loading a million users take a quarter of an hour.
// This is the baseline's counterpart of scimkit's bulk loader writing rows straight into the database.
function directRecord(i: number, now: string): Rec {
  const b = userBody(i) as Record<string, any>;
  const ent = b[ENTERPRISE_SCHEMA];
  return {
    schemas: b.schemas,
    externalId: b.externalId,
    userName: b.userName,
    name: { formatted: b.name.formatted, familyName: b.name.familyName, givenName: b.name.givenName },
    displayName: b.displayName,
    active: b.active,
    emails: b.emails.map((e: Record<string, unknown>) => ({ value: e.value, type: e.type, primary: e.primary })),
    [ENTERPRISE_SCHEMA]: { employeeNumber: ent.employeeNumber, department: ent.department },
    id: randomUUID(),
    meta: { resourceType: 'User', created: now, lastModified: now },
  } as Rec;
}

// Proves on a sample (the first 100 users and 100 spread over the rest) that the direct records are exactly
// what SCIMMY's parsing of the same POST body stores, so the shortcut cannot drift from the real path.
function checkDirectRecords(n: number): number {
  const sample = new Set<number>();
  for (let i = 0; i < Math.min(n, 100); i++) sample.add(i);
  for (let k = 0; k < 100 && n > 0; k++) sample.add(Math.floor((k * n) / 100));
  for (const i of sample) {
    const viaScimmy = newRecord(new SCIMMY.Schemas.User(userBody(i), 'in'), 'T');
    const direct = directRecord(i, 'T');
    const strip = (r: Rec) => JSON.stringify({ ...r, id: undefined });
    if (strip(viaScimmy) !== strip(direct)) throw new Error(`baseline loader drifted from SCIMMY parsing at user ${i}:\n${strip(viaScimmy)}\n${strip(direct)}`);
  }
  return sample.size;
}

const loadStart = performance.now();
const checked = checkDirectRecords(users);
const created = Date.now() - users;
for (let i = 0; i < users; i++) put(directRecord(i, new Date(created + i).toISOString()));
const loadSeconds = (performance.now() - loadStart) / 1000;

const User = SCIMMY.Resources.User;

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function sendError(res: ServerResponse, ex: unknown): void {
  const status = (ex as { status?: number }).status ?? 500;
  send(res, status, new SCIMMY.Messages.Error(ex as never));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new SCIMMY.Types.Error(400, 'invalidSyntax', 'Body is not JSON');
  }
}

// Query parameters as SCIMMY wants them: startIndex and count as integers.
function params(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) out[k] = k === 'startIndex' || k === 'count' ? Number(v) : v;
  return out;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  if (req.headers.authorization !== `Bearer ${token}`) {
    send(res, 401, new SCIMMY.Messages.Error({ status: 401, message: 'Unauthorized' } as never));
    return;
  }
  const m = /^\/scim\/v2\/Users(?:\/([^/]+))?\/?$/.exec(url.pathname);
  if (!m) {
    send(res, 404, new SCIMMY.Messages.Error({ status: 404, message: `No endpoint at ${url.pathname}` } as never));
    return;
  }
  const id = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
  const p = params(url);
  switch (`${req.method} ${id === undefined ? 'list' : 'one'}`) {
    case 'GET list':
      return send(res, 200, await new User(p as never).read());
    case 'GET one':
      return send(res, 200, await new User(id!, p).read());
    case 'POST list':
      return send(res, 201, await new User(p as never).write(await readBody(req)));
    case 'PUT one':
      return send(res, 200, await new User(id!, p).write(await readBody(req)));
    case 'PATCH one': {
      const value = await new User(id!, p).patch((await readBody(req)) as never);
      return send(res, value ? 200 : 204, value ?? undefined);
    }
    case 'DELETE one':
      await new User(id!).dispose();
      return send(res, 204);
    default:
      return send(res, 405, new SCIMMY.Messages.Error({ status: 405, message: 'Method not allowed' } as never));
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((ex) => sendError(res, ex));
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  // The benchmark needs the loaded users' ids for its PATCH scenario; they go over IPC in chunks, then `ready`.
  for (let i = 0; i < all.length; i += 50_000) process.send?.({ type: 'chunk', items: all.slice(i, i + 50_000).map((r) => r.id) });
  process.send?.({ type: 'ready', port, loadSeconds, users: all.length, checked });
});
process.on('message', (msg: { type?: string }) => {
  // Nothing to flush: the store is memory. Exit at once rather than wait for keep-alive sockets.
  if (msg?.type === 'stop') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
