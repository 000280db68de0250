// Group PATCH shapes Microsoft Entra ID sends (research §5.9), with and without aadOptscim062020.
import { describe, expect, it } from 'vitest';
import { patch, storedGroup } from './patch-test-fixtures.js';

describe('Entra ID: groups (members live outside the document)', () => {
  const u1 = '8d2d8f8e-1111-4c3b-9a7e-000000000001';
  const u2 = '8d2d8f8e-1111-4c3b-9a7e-000000000002';

  it('G1 Add members with "$ref": null emits an add, leaves the document alone', () => {
    const r = patch('Group', storedGroup(), { op: 'Add', path: 'members', value: [{ $ref: null, value: u1 }] });
    expect(r.memberOps).toEqual([{ op: 'add', members: [{ value: u1 }] }]);
    expect(r.changed).toBe(false);
    expect(r.resource).not.toHaveProperty('members');
  });

  it('G2 default removal: Remove members with a value array removes only those members', () => {
    const r = patch('Group', storedGroup(), { op: 'Remove', path: 'members', value: [{ $ref: null, value: u2 }] });
    expect(r.memberOps).toEqual([{ op: 'remove', values: [u2] }]);
  });

  it('G3 aadOptscim062020 removal: members[value eq "id"]', () => {
    const r = patch('Group', storedGroup(), { op: 'remove', path: `members[value eq "${u2}"]` });
    expect(r.memberOps).toEqual([{ op: 'remove', values: [u2] }]);
  });

  it('G4 Replace displayName → changed document, no member ops', () => {
    const r = patch('Group', storedGroup(), { op: 'Replace', path: 'displayName', value: 'Tour Guides EMEA' });
    expect(r).toMatchObject({ changed: true, memberOps: [], resource: { displayName: 'Tour Guides EMEA' } });
  });

  it('G5 many member ops in one PATCH keep their order; repeated ids inside one op collapse', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `user-${i}`);
    const r = patch(
      'Group',
      storedGroup(),
      { op: 'Add', path: 'members', value: [...ids, ids[0], ids[1]].map((value) => ({ $ref: null, value })) },
      { op: 'Remove', path: 'members', value: [{ value: u1 }, { value: u1 }] },
      { op: 'Add', path: 'members', value: [{ value: u2 }] },
    );
    expect(r.memberOps).toHaveLength(3);
    expect(r.memberOps[0]).toEqual({ op: 'add', members: ids.map((value) => ({ value })) });
    expect(r.memberOps[1]).toEqual({ op: 'remove', values: [u1] });
    expect(r.memberOps[2]).toEqual({ op: 'add', members: [{ value: u2 }] });
  });
});
