import type { ProvisioningEngine } from '../../src/provisioning/engine.js';
import { expectedTargetUser, sourceUserDoc, type UserFacts } from './expected-users.js';
import type { SourceTenant } from './source-tenant.js';
import type { TargetState } from './target-state.js';

/** The userName of user number i of the fault directory. */
export const userNameOf = (i: number) => `user${String(i).padStart(2, '0')}@corp.example`;

function factsOf(i: number): UserFacts {
  return {
    userName: userNameOf(i),
    active: true,
    givenName: `Given${i}`,
    familyName: `Family${i}`,
    displayName: `Given${i} Family${i}`,
    title: `Title ${i % 4}`,
    mail: userNameOf(i),
    mobile: `+1 555 01${String(i).padStart(2, '0')}`,
    department: `Dept ${i % 3}`,
    ...(i >= 2 ? { manager: userNameOf(i % 2) } : {}),
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/**
 * The directory the engine's fault tests provision with the `generic` template: 24 users (user00 and
 * user01 manage the others), "Staff" (users 0–19 and the nested group "Contractors", users 20–23),
 * "Team A" (0–9) and "Team B" (10–19); Staff, Team A and Team B are assigned. `change()` then makes one
 * of every kind of change, and the expected target states before and after are written out here.
 */
export interface FaultDirectory {
  /** Source ids by user number, and of the groups. */
  users: Map<number, string>;
  groups: { staff: string; teamA: string; teamB: string; contractors: string };
  /** Assigns Staff, Team A and Team B to the app. */
  assign(engine: ProvisioningEngine, appId: string): Promise<void>;
  /** user01 renamed, user02 disabled, user03 deleted, user05's mobile changed, Team A renamed Team Alpha, user12 out of and user04 into Team B, user22 out of Contractors (so out of scope), user24 new in Contractors. */
  change(): Promise<void>;
  /** The exact target state after the initial cycle (and after `change()` once it converged). */
  expected(): TargetState;
  /** Every userName that must be in the target now. */
  userNames(): string[];
}

/** Writes the fault directory into a source tenant. */
export async function faultDirectory(src: SourceTenant): Promise<FaultDirectory> {
  const facts = new Map<number, UserFacts>();
  const users = new Map<number, string>();
  for (const i of range(0, 24)) {
    const f = factsOf(i);
    facts.set(i, f);
    const u = await src.user(f.userName, sourceUserDoc({ ...f, managerId: f.manager ? users.get(i % 2) : undefined }));
    users.set(i, u.id);
  }
  const ids = (list: number[]) => list.map((i) => users.get(i)!);
  const contractors = (await src.group('Contractors', ids(range(20, 24)))).id;
  const staff = (await src.group('Staff', [...ids(range(0, 20)), contractors])).id;
  const teamA = (await src.group('Team A', ids(range(0, 10)))).id;
  const teamB = (await src.group('Team B', ids(range(10, 20)))).id;
  let changed = false;

  const members = (list: number[]) => list.map(userNameOf).sort();
  return {
    users,
    groups: { staff, teamA, teamB, contractors },
    async assign(engine, appId) {
      for (const g of [staff, teamA, teamB]) await engine.assign(appId, { group: g });
    },
    async change() {
      const f1 = facts.get(1)!;
      await src.change(users.get(1)!, { name: { givenName: f1.givenName, familyName: 'Changed' } });
      facts.set(1, { ...f1, familyName: 'Changed' });
      await src.change(users.get(2)!, { active: false });
      facts.set(2, { ...facts.get(2)!, active: false });
      await src.remove('User', users.get(3)!);
      facts.delete(3);
      await src.change(users.get(5)!, { phoneNumbers: [{ value: '+1 555 9999', type: 'mobile' }] });
      facts.set(5, { ...facts.get(5)!, mobile: '+1 555 9999' });
      await src.rename(teamA, 'Team Alpha');
      await src.removeMembers(teamB, [users.get(12)!]);
      await src.addMembers(teamB, [users.get(4)!]);
      await src.removeMembers(contractors, [users.get(22)!]);
      facts.set(22, { ...facts.get(22)!, active: false });
      const f24 = factsOf(24);
      const u24 = await src.user(f24.userName, sourceUserDoc({ ...f24, managerId: users.get(0) }));
      users.set(24, u24.id);
      facts.set(24, f24);
      await src.addMembers(contractors, [u24.id]);
      changed = true;
    },
    expected() {
      const targetUsers = [...facts.values()].map((f) => expectedTargetUser('generic', f));
      if (!changed) {
        return {
          users: targetUsers.sort((a, b) => String(a.userName).localeCompare(String(b.userName))),
          groups: [
            { displayName: 'Staff', externalId: staff, members: members(range(0, 24)) },
            { displayName: 'Team A', externalId: teamA, members: members(range(0, 10)) },
            { displayName: 'Team B', externalId: teamB, members: members(range(10, 20)) },
          ],
        };
      }
      // user02 is disabled in the source but still assigned: inactive, still a member. user22 left scope:
      // inactive and out of Staff. user03 is gone, and from every group.
      return {
        users: targetUsers.sort((a, b) => String(a.userName).localeCompare(String(b.userName))),
        groups: [
          { displayName: 'Staff', externalId: staff, members: members([...range(0, 20).filter((i) => i !== 3), 20, 21, 23, 24]) },
          { displayName: 'Team Alpha', externalId: teamA, members: members(range(0, 10).filter((i) => i !== 3)) },
          { displayName: 'Team B', externalId: teamB, members: members([4, ...range(10, 20).filter((i) => i !== 12)]) },
        ],
      };
    },
    userNames() {
      return [...facts.values()].map((f) => f.userName).sort();
    },
  };
}
