import type { App } from '../apps/app-types.js';
import { DEFAULT_ACCESS_ROLE } from '../apps/templates/template-types.js';
import type { SourceDirectory } from '../source/source-directory.js';
import type { AssignmentStore } from './assignment-store.js';

/** Why an object is or is not provisioned, before scoping filters: its assignment (or the sync-all scope) and its app roles. */
export interface Entitlement {
  entitled: boolean;
  /** App roles from the object's own assignment and its (nested) assigned groups; "Default Access" excluded. */
  roles: string[];
  /** A person-readable reason, as provision-on-demand and the logs show it. */
  reason: string;
  /** The assigned groups the user is entitled through, for the scope step's details. */
  via: string[];
}

/** The users and groups an app's assignments reach, computed top-down once for a full cycle. */
export interface AssignedSet {
  /** User id → roles (without Default Access); users holding only Default Access are absent. */
  users: Map<string, string[]>;
  /** Assigned group id → role. */
  groups: Map<string, string>;
  /** Users reached only through Default Access. */
  defaultAccessOnly: Set<string>;
}

function addRole(map: Map<string, string[]>, id: string, role: string): void {
  const roles = map.get(id);
  if (!roles) map.set(id, [role]);
  else if (!roles.includes(role)) roles.push(role);
}

/**
 * Decides which users and groups an app provisions. Assigned scope: a user assigned directly, or a
 * member of an assigned group at any depth (nested groups are expanded, which Entra cannot do); an
 * assigned group itself. Sync-all: everyone. A role of "Default Access" entitles to nothing, as in Entra.
 */
export class ScopeResolver {
  constructor(private readonly app: App, private readonly dir: SourceDirectory, private readonly assignments: AssignmentStore) {}

  /** A user's entitlement, read bottom-up: the user's own assignment and those of the groups above it. */
  async user(userId: string): Promise<Entitlement> {
    if (this.app.settings.scope === 'all') return { entitled: true, roles: [], reason: 'the app syncs all users and groups', via: [] };
    const above = await this.dir.ancestors(userId);
    const assigned = await this.assignments.of(this.app.id, [userId, ...above]);
    const roles: string[] = [];
    const via: string[] = [];
    let defaultOnly = false;
    for (const [principal, role] of assigned) {
      if (role === DEFAULT_ACCESS_ROLE) {
        defaultOnly = true;
        continue;
      }
      if (!roles.includes(role)) roles.push(role);
      if (principal !== userId) via.push(principal);
    }
    if (roles.length) return { entitled: true, roles, reason: via.length && !assigned.has(userId) ? 'member of an assigned group' : 'assigned to the app', via };
    if (defaultOnly) return { entitled: false, roles: [], reason: `assigned only with the "${DEFAULT_ACCESS_ROLE}" role, which is not provisioned`, via: [] };
    return { entitled: false, roles: [], reason: 'not assigned to the app, directly or through a group', via: [] };
  }

  /** A group's entitlement: assigned itself (not through a parent: nested groups flow into their assigned parent as members). */
  async group(groupId: string): Promise<Entitlement> {
    if (!this.app.mappings.groups.enabled) return { entitled: false, roles: [], reason: 'group provisioning is off for this app', via: [] };
    if (this.app.settings.scope === 'all') return { entitled: true, roles: [], reason: 'the app syncs all users and groups', via: [] };
    const role = (await this.assignments.of(this.app.id, [groupId])).get(groupId);
    if (role === undefined) return { entitled: false, roles: [], reason: 'the group is not assigned to the app', via: [] };
    if (role === DEFAULT_ACCESS_ROLE) return { entitled: false, roles: [], reason: `assigned only with the "${DEFAULT_ACCESS_ROLE}" role, which is not provisioned`, via: [] };
    return { entitled: true, roles: [role], reason: 'assigned to the app', via: [] };
  }

  /** Every user and group the assignments reach, top-down (reads assigned groups' members once): for full cycles in assigned scope. */
  async expand(): Promise<AssignedSet> {
    const users = new Map<string, string[]>();
    const groups = new Map<string, string>();
    const reachedDefault = new Set<string>();
    for (const a of await this.assignments.list(this.app.id)) {
      if (a.principalType === 'Group') {
        groups.set(a.principalId, a.role);
        for (const u of await this.dir.usersUnder(a.principalId)) {
          if (a.role === DEFAULT_ACCESS_ROLE) reachedDefault.add(u);
          else addRole(users, u, a.role);
        }
      } else if (a.role === DEFAULT_ACCESS_ROLE) reachedDefault.add(a.principalId);
      else addRole(users, a.principalId, a.role);
    }
    const defaultAccessOnly = new Set([...reachedDefault].filter((u) => !users.has(u)));
    return { users, groups, defaultAccessOnly };
  }
}
