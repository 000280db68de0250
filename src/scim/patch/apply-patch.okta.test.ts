// PATCH shapes Okta sends to a SCIM 2.0 app (deactivate, group push: full member list, add, remove).
import { describe, expect, it } from 'vitest';
import { patch, storedGroup, storedUser } from './patch-test-fixtures.js';

describe('Okta: users', () => {
  it('O1 deactivate: pathless replace {active: false}', () => {
    const r = patch('User', storedUser(), { op: 'replace', value: { active: false } });
    expect(r).toMatchObject({ changed: true, resource: { active: false } });
  });

  it('O2 deactivate with a path', () => {
    expect(patch('User', storedUser(), { op: 'replace', path: 'active', value: false }).resource.active).toBe(false);
  });

  it('O3 reactivating an active user is a no-op', () => {
    expect(patch('User', storedUser(), { op: 'replace', value: { active: true } }).changed).toBe(false);
  });

  it('O4 a password change is passed through for the store to hash (writeOnly, not readOnly)', () => {
    const r = patch('User', storedUser(), { op: 'replace', value: { password: 'n3w-Secret!' } });
    expect(r.resource.password).toBe('n3w-Secret!');
  });
});

describe('Okta: group push', () => {
  const group = storedGroup();
  const gid = group.id as string;

  it('O5 pathless replace echoing id and displayName: id is ignored, displayName applied', () => {
    const r = patch('Group', group, { op: 'replace', value: { id: gid, displayName: 'Engineering' } });
    expect(r).toMatchObject({ changed: true, memberOps: [], resource: { id: gid, displayName: 'Engineering' } });
  });

  it('O6 replace members with the full list', () => {
    const r = patch('Group', group, {
      op: 'replace',
      path: 'members',
      value: [
        { value: 'u1', display: 'ann@example.com' },
        { value: 'u2', display: 'bob@example.com' },
      ],
    });
    expect(r.memberOps).toEqual([{ op: 'replace', members: [{ value: 'u1' }, { value: 'u2' }] }]);
    expect(r.changed).toBe(false);
  });

  it('O7 replace members with an empty list empties the group', () => {
    expect(patch('Group', group, { op: 'replace', path: 'members', value: [] }).memberOps).toEqual([{ op: 'replace', members: [] }]);
  });

  it('O8 add members (up to 256 per PATCH)', () => {
    const ids = Array.from({ length: 256 }, (_, i) => `okta-user-${i}`);
    const r = patch('Group', group, { op: 'add', path: 'members', value: ids.map((value) => ({ value, display: value })) });
    expect(r.memberOps).toEqual([{ op: 'add', members: ids.map((value) => ({ value })) }]);
  });

  it('O9 remove one member by filter', () => {
    expect(patch('Group', group, { op: 'remove', path: 'members[value eq "u1"]' }).memberOps).toEqual([{ op: 'remove', values: ['u1'] }]);
  });

  it('O10 pathless replace with members and displayName: both, in order', () => {
    const r = patch('Group', group, { op: 'replace', value: { id: gid, displayName: 'Eng', members: [{ value: 'u3', display: 'x' }] } });
    expect(r.memberOps).toEqual([{ op: 'replace', members: [{ value: 'u3' }] }]);
    expect(r.resource.displayName).toBe('Eng');
    expect(r.resource).not.toHaveProperty('members');
  });

  it('O11 pathless add of members', () => {
    const r = patch('Group', group, { op: 'add', value: { members: [{ value: 'u4', type: 'User' }] } });
    expect(r.memberOps).toEqual([{ op: 'add', members: [{ value: 'u4', type: 'User' }] }]);
  });
});
