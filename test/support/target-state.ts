import type { Store } from '../../src/data/store.js';
import type { ScimmyTarget } from './scimmy-target.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * A target's whole state in a form tests compare with `toEqual`: every user (its attributes without what
 * the server adds: id, meta, schemas, groups) sorted by userName, its manager named by userName, and every
 * group with its members named by userName. Two users with one userName stay two entries, so a duplicate
 * shows as a difference, as does anything missing or extra.
 */
export interface TargetState {
  users: Record<string, unknown>[];
  groups: { displayName: unknown; [attr: string]: unknown; members: string[] }[];
}

interface RawResource {
  id: string;
  doc: Record<string, unknown>;
  members: string[];
}

function strip(doc: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, meta: _meta, schemas: _schemas, groups: _groups, members: _members, ...rest } = doc;
  return rest;
}

const byKey = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[key]).localeCompare(String(b[key]));

/** Canonical state from raw users and groups (member ids as the target holds them). */
export function canonicalState(users: RawResource[], groups: RawResource[]): TargetState {
  const nameOf = new Map(users.map((u) => [u.id, String(u.doc.userName)]));
  const named = (id: string) => nameOf.get(id) ?? `(not a user: ${id})`;
  const outUsers = users.map((u) => {
    const doc = strip(u.doc);
    const ent = doc[ENTERPRISE] as { manager?: { value?: string } } | undefined;
    if (ent?.manager) doc[ENTERPRISE] = { ...ent, manager: named(String(ent.manager.value)) };
    return doc;
  });
  const outGroups = groups.map((g) => ({ ...strip(g.doc), displayName: g.doc.displayName, members: g.members.map(named).sort() }));
  return { users: outUsers.sort(byKey('userName')), groups: outGroups.sort(byKey('displayName')) };
}

/** The state of a scimkit target tenant, read from its store (the ground truth, not what its API shows). */
export async function scimkitTargetState(store: Store, tenantId: string): Promise<TargetState> {
  const read = async (kind: 'User' | 'Group') => (await store.resources.list(tenantId, kind, { count: 100_000, read: { members: true } })).resources;
  const [users, groups] = await Promise.all([read('User'), read('Group')]);
  return canonicalState(
    users.map((u) => ({ id: u.id, doc: u.doc as Record<string, unknown>, members: [] })),
    groups.map((g) => ({ id: g.id, doc: g.doc as Record<string, unknown>, members: (g.members ?? []).map((m) => m.value) })),
  );
}

/** The state of a SCIMMY target, read from its memory. */
export function scimmyTargetState(t: ScimmyTarget): TargetState {
  return canonicalState(
    t.users().map((u) => ({ id: u.id, doc: u, members: [] })),
    t.groups().map((g) => ({ id: g.id, doc: g, members: t.membersOf(g.id) })),
  );
}
