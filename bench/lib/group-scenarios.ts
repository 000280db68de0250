/** Scenarios (5) and (6): one-member PATCHes of a group and reads of a group without its members, one request at a time. */
import { entraMemberPatch, newUserBody } from './dataset.js';
import { scim, summarize, type LatencySummary, type Target } from './scenarios.js';

/** Scenario (5)'s numbers for one group. */
export interface GroupPatchResult {
  group: string;
  members: number;
  add: LatencySummary;
  remove: LatencySummary;
  both: LatencySummary;
  flagged: boolean;
}

/** Creates `count` fresh users (not members of any group) for the group PATCH scenario. */
export async function createSpareUsers(t: Target, tag: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await scim(t, 'POST', '/Users', newUserBody(`${tag}-spare`, i));
    if (r.status !== 201) throw new Error(`could not create a spare user: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
    ids.push(r.json.id);
  }
  return ids;
}

/**
 * Scenario (5): one request at a time, adds one user to a group and removes it again (Entra's
 * PATCH shapes), timing each request; a few untimed pairs first warm the path up.
 */
export async function groupPatchLatency(t: Target, group: { id: string; displayName: string; members: number }, spare: string[], warmup = 5): Promise<GroupPatchResult> {
  const add: number[] = [];
  const remove: number[] = [];
  let errors = 0;
  const timed = async (op: 'Add' | 'Remove', member: string, into: number[] | undefined) => {
    const t0 = performance.now();
    const r = await scim(t, 'PATCH', `/Groups/${group.id}`, entraMemberPatch(op, member));
    const ms = performance.now() - t0;
    if (r.status !== 204 && r.status !== 200) errors++;
    else into?.push(ms);
  };
  for (const [k, member] of spare.entries()) {
    const measure = k >= warmup;
    await timed('Add', member, measure ? add : undefined);
    await timed('Remove', member, measure ? remove : undefined);
  }
  const a = summarize(add, 0);
  const r = summarize(remove, 0);
  const both = summarize([...add, ...remove], errors);
  return { group: group.displayName, members: group.members, add: a, remove: r, both, flagged: errors > 0 };
}

/** Scenario (6)'s numbers for one group: reading it without its members, by id and by name. */
export interface GroupReadResult {
  group: string;
  members: number;
  byId: LatencySummary;
  byName: LatencySummary;
  flagged: boolean;
}

/**
 * Scenario (6): one request at a time, reads a group with `excludedAttributes=members`, by id and with
 * Entra ID's `displayName eq` filter; the time must not depend on how many members the group has.
 */
export async function groupReadLatency(t: Target, group: { id: string; displayName: string; members: number }, count = 100, warmup = 5): Promise<GroupReadResult> {
  const byId: number[] = [];
  const byName: number[] = [];
  let errors = 0;
  const timed = async (path: string, into: number[] | undefined) => {
    const t0 = performance.now();
    const r = await scim(t, 'GET', path);
    const ms = performance.now() - t0;
    if (r.status !== 200 || JSON.stringify(r.json).includes('"members"')) errors++;
    else into?.push(ms);
  };
  const name = `/Groups?filter=${encodeURIComponent(`displayName eq ${JSON.stringify(group.displayName)}`)}&excludedAttributes=members`;
  for (let i = 0; i < warmup + count; i++) {
    await timed(`/Groups/${group.id}?excludedAttributes=members`, i >= warmup ? byId : undefined);
    await timed(name, i >= warmup ? byName : undefined);
  }
  return { group: group.displayName, members: group.members, byId: summarize(byId, errors), byName: summarize(byName, errors), flagged: errors > 0 };
}
