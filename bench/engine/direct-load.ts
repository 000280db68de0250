/**
 * The baseline of the engine benchmark: the requests an initial cycle must send (each user's POST, each
 * group's POST, the member PATCHes), built with the engine's own mapping and PATCH rendering, sent by the
 * benchmark itself straight to the target with the same number of connections and nothing else to do.
 * This is the rate the target accepts them at: the limit an engine can approach on this machine.
 */
import { Pool } from 'undici';
import { templateById } from '../../src/provisioning/apps/templates/templates.js';
import { renderPatch } from '../../src/provisioning/client/patch-operations.js';
import { compileObjectMapping, type CompiledObjectMapping } from '../../src/provisioning/mapping/compile-mappings.js';
import { mapObject } from '../../src/provisioning/mapping/map-object.js';
import { buildTargetDoc } from '../../src/provisioning/mapping/target-doc.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import type { StoredResource } from '../../src/store/resource-row.js';
import { openStore } from '../../src/data/store.js';
import type { TargetServer } from './target-server.js';

/** One phase of the direct run. */
export interface DirectPhase {
  requests: number;
  seconds: number;
  perSecond: number;
  failures: number;
}

/** The direct run: users, groups, members, and all three together. */
export interface DirectResult {
  users: DirectPhase;
  groups: DirectPhase;
  members: DirectPhase;
  totalSeconds: number;
  connections: number;
}

/** What the direct run sends, built once before the clock starts. */
export interface DirectRequests {
  users: { sourceId: string; body: string }[];
  groups: { sourceId: string; body: string; members: string[] }[];
}

async function mapped(om: CompiledObjectMapping, r: StoredResource): Promise<string> {
  const m = await mapObject(om, { kind: om.kind, id: r.id, doc: r.doc, isSoftDeleted: r.doc.active === false, appRoles: ['User'] }, 'create', { now: () => new Date(), random: Math.random });
  return JSON.stringify(buildTargetDoc(om, m.values));
}

/** Reads the source tenant and builds the POST bodies the engine would send for it (the template's create mappings). */
export async function buildDirectRequests(dbUrl: string, tenantId: string, template: string): Promise<DirectRequests> {
  const t = templateById(template);
  const users = compileObjectMapping('User', t.mappings.users);
  const groups = compileObjectMapping('Group', t.mappings.groups);
  const store = await openStore(dbUrl, { matchMember: memberMatcher, poolSize: 1 });
  const out: DirectRequests = { users: [], groups: [] };
  try {
    for (const kind of ['User', 'Group'] as const) {
      let cursor = '';
      for (;;) {
        const page = await store.resources.list(tenantId, kind, { count: 1000, cursor });
        for (const r of page.resources) {
          if (kind === 'User') out.users.push({ sourceId: r.id, body: await mapped(users, r) });
          else out.groups.push({ sourceId: r.id, body: await mapped(groups, r), members: (await store.resources.memberIds(tenantId, r.id)).map((m) => m.id) });
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
    }
  } finally {
    await store.close();
  }
  return out;
}

type Req = { method: 'POST' | 'PATCH'; path: string; body: string; onCreated?: (id: string) => void };

async function sendAll(pool: Pool, target: TargetServer, reqs: Req[], connections: number): Promise<DirectPhase> {
  const prefix = new URL(target.scimUrl).pathname;
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json; charset=utf-8', accept: 'application/scim+json' };
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < reqs.length) {
      const r = reqs[next++]!;
      const res = await pool.request({ method: r.method, path: `${prefix}${r.path}`, headers, body: r.body });
      const text = await res.body.text();
      if (res.statusCode >= 300) failures += 1;
      else if (r.onCreated) r.onCreated((JSON.parse(text) as { id: string }).id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, reqs.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { requests: reqs.length, seconds, perSecond: reqs.length / seconds, failures };
}

/** Sends every user POST, then every group POST, then the member PATCHes (the engine's rendering and chunk size), each phase with `connections` in flight. */
export async function runDirect(target: TargetServer, reqs: DirectRequests, connections: number, membersPerPatch: number): Promise<DirectResult> {
  const pool = new Pool(target.origin, { connections, pipelining: 1 });
  const targetIds = new Map<string, string>();
  try {
    const users = await sendAll(pool, target, reqs.users.map((u) => ({ method: 'POST', path: '/Users', body: u.body, onCreated: (id) => targetIds.set(u.sourceId, id) })), connections);
    const groups = await sendAll(pool, target, reqs.groups.map((g) => ({ method: 'POST', path: '/Groups', body: g.body, onCreated: (id) => targetIds.set(g.sourceId, id) })), connections);
    const patches: Req[] = [];
    for (const g of reqs.groups) {
      const members = g.members.map((m) => targetIds.get(m)).filter((id): id is string => !!id);
      for (const p of renderPatch([{ op: 'addMembers', members }], { profile: 'rfc', maxMembersPerPatch: membersPerPatch })) {
        patches.push({ method: 'PATCH', path: `/Groups/${targetIds.get(g.sourceId)}`, body: JSON.stringify(p.body) });
      }
    }
    const members = await sendAll(pool, target, patches, connections);
    return { users, groups, members, totalSeconds: users.seconds + groups.seconds + members.seconds, connections };
  } finally {
    await pool.close();
  }
}
