import type { StoredResource } from '../../src/store/resource-row.js';
import type { Store } from '../../src/data/store.js';
import { groupDoc, userDoc } from './users.js';

/** A source tenant written as Entra ID or Okta would write it (through the store): what the engine provisions from. */
export interface SourceTenant {
  id: string;
  user(userName: string, extra?: Record<string, unknown>): Promise<StoredResource>;
  group(displayName: string, members?: string[]): Promise<StoredResource>;
  /** Replaces attributes of a source user (a PUT-like merge). */
  change(id: string, attrs: Record<string, unknown>): Promise<void>;
  rename(groupId: string, displayName: string): Promise<void>;
  addMembers(groupId: string, ids: string[]): Promise<void>;
  removeMembers(groupId: string, ids: string[]): Promise<void>;
  remove(kind: 'User' | 'Group', id: string): Promise<void>;
}

/** The writes of one source tenant of a store, for the engine's scenario and fault tests. */
export function sourceTenant(store: Store, id: string): SourceTenant {
  return {
    id,
    user: (userName, extra = {}) => store.resources.create(id, 'User', userDoc(userName, { active: true, ...extra })),
    group: (displayName, members = []) => store.resources.create(id, 'Group', groupDoc(displayName), { members: members.map((value) => ({ value })) }),
    change: async (userId, attrs) => {
      await store.resources.update(id, 'User', userId, (c) => ({ doc: { ...c.doc, ...attrs } }));
    },
    rename: async (groupId, displayName) => {
      await store.resources.update(id, 'Group', groupId, (c) => ({ doc: { ...c.doc, displayName } }));
    },
    addMembers: async (groupId, ids) => {
      await store.resources.update(id, 'Group', groupId, (c) => ({ doc: c.doc, memberChanges: [{ op: 'add', members: ids.map((value) => ({ value })) }] }));
    },
    removeMembers: async (groupId, ids) => {
      await store.resources.update(id, 'Group', groupId, (c) => ({ doc: c.doc, memberChanges: [{ op: 'remove', values: ids }] }));
    },
    remove: (kind, objectId) => store.resources.delete(id, kind, objectId),
  };
}
