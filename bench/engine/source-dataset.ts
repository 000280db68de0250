/**
 * The source directory of the engine benchmark: N users (the shape of bench/lib/dataset.ts, bulk-loaded
 * by bench/lib/load-scimkit.ts), one "All staff" group holding every user but the last (the last user is
 * added to it in the one-member scenario), and twelve department groups that split the users between
 * them, created through the store as a POST /Groups would. Every user is in scope through a department.
 */
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore } from '../../src/data/store.js';
import { normalizeResource } from '../../src/scim/resource/normalize-resource.js';
import { CORE_GROUP_SCHEMA } from '../lib/dataset.js';
import { loadScimkit } from '../lib/load-scimkit.js';

/** How many department groups share the users. */
export const DEPARTMENT_GROUPS = 12;

/** What the benchmark needs to know of a loaded source directory. */
export interface SourceDirectory {
  tenantId: string;
  userIds: string[];
  bigGroup: { id: string; displayName: string; members: number };
  departments: { id: string; displayName: string; members: number }[];
  memberships: number;
  seconds: number;
}

/** Loads the source directory into a fresh database (a SQLite file). */
export async function loadSourceDirectory(dbUrl: string, users: number, log: (msg: string) => void): Promise<SourceDirectory> {
  const started = performance.now();
  const loaded = await loadScimkit(dbUrl, users, [{ displayName: 'All staff', members: users - 1 }], log);
  const store = await openStore(dbUrl, { matchMember: memberMatcher, poolSize: 2 });
  const departments: SourceDirectory['departments'] = [];
  try {
    for (let d = 0; d < DEPARTMENT_GROUPS; d++) {
      const members = loaded.userIds.filter((_, i) => i % DEPARTMENT_GROUPS === d).map((value) => ({ value }));
      const displayName = `Department ${String(d + 1).padStart(2, '0')}`;
      const body = normalizeResource('Group', { schemas: [CORE_GROUP_SCHEMA], displayName });
      const g = await store.resources.create(loaded.tenantId, 'Group', body, { members });
      departments.push({ id: g.id, displayName, members: members.length });
    }
  } finally {
    await store.close();
  }
  const bigGroup = loaded.groups[0]!;
  return {
    tenantId: loaded.tenantId,
    userIds: loaded.userIds,
    bigGroup,
    departments,
    memberships: bigGroup.members + departments.reduce((n, d) => n + d.members, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
