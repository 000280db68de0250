// Every refusal of the PATCH engine, with the status and scimType a client sees (RFC 7644 §3.12).
import { describe, expect, it } from 'vitest';
import { applyPatch } from './apply-patch.js';
import { ENT, expectScimError, patch, storedGroup, storedUser } from './patch-test-fixtures.js';

describe('PATCH errors', () => {
  it.each([
    ['id', { op: 'replace', path: 'id', value: 'other' }],
    ['meta', { op: 'replace', path: 'meta', value: {} }],
    ['meta.created', { op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }],
    ['groups (computed)', { op: 'add', path: 'groups', value: [{ value: 'g1' }] }],
    ['manager.displayName', { op: 'replace', path: `${ENT}:manager.displayName`, value: 'X' }],
    ['remove id', { op: 'remove', path: 'id' }],
    ['remove a required attribute', { op: 'remove', path: 'userName' }],
    ['pathless id that differs', { op: 'replace', value: { id: 'another-id' } }],
    ['replace a required attribute with null', { op: 'replace', path: 'userName', value: null }],
  ])('400 mutability: %s', (_name, op) => {
    expectScimError(() => patch('User', storedUser(), op), 400, 'mutability');
  });

  it.each([
    ['an unknown attribute', { op: 'replace', path: 'favouriteColour', value: 'blue' }],
    ['an unknown sub-attribute', { op: 'replace', path: 'name.nickname', value: 'x' }],
    ['an unknown sub-attribute after a filter', { op: 'replace', path: 'emails[type eq "work"].address', value: 'x' }],
    ['a malformed path', { op: 'replace', path: 'emails[type eq "work"', value: 'x' }],
    ['a filter on a single-valued attribute', { op: 'replace', path: 'name[givenName eq "B"].familyName', value: 'x' }],
    ['an unknown extension URN', { op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User:badge', value: '7' }],
    ['members on a User', { op: 'add', path: 'members', value: [{ value: 'u1' }] }],
    ['remove of an unknown attribute', { op: 'remove', path: 'favouriteColour' }],
  ])('400 invalidPath: %s', (_name, op) => {
    expectScimError(() => patch('User', storedUser(), op), 400, 'invalidPath');
  });

  it('400 noTarget: replace through a non-eq filter that matches nothing', () => {
    expectScimError(() => patch('User', storedUser(), { op: 'replace', path: 'emails[value co "@nowhere"].type', value: 'work' }), 400, 'noTarget');
    expectScimError(() => patch('User', storedUser(), { op: 'add', path: 'emails[type ne "work" and type ne "home"].value', value: 'x' }), 400, 'noTarget');
  });

  it('400 invalidFilter: a value filter that cannot mean anything', () => {
    expectScimError(() => patch('User', storedUser(), { op: 'remove', path: 'emails[primary gt true]' }), 400, 'invalidFilter');
  });

  it.each([
    ['an array of two for a single-valued attribute', { op: 'replace', path: 'displayName', value: ['a', 'b'] }],
    ['a string for a complex attribute without value', { op: 'replace', path: 'name', value: 'Babs' }],
    ['a string for an address', { op: 'add', path: 'addresses', value: ['1 Main St'] }],
    ['a non-object extension value', { op: 'replace', path: ENT, value: 'x' }],
  ])('400 invalidValue: %s', (_name, op) => {
    expectScimError(() => patch('User', storedUser(), op), 400, 'invalidValue');
  });

  it.each([
    ['an empty member value', { op: 'add', path: 'members', value: [{ value: '' }] }],
    ['a member without value', { op: 'add', path: 'members', value: [{ display: 'Babs' }] }],
    ['a numeric member value', { op: 'remove', path: 'members', value: [{ value: 42 }] }],
    ['a null member', { op: 'replace', path: 'members', value: [null] }],
  ])('400 invalidValue: %s', (_name, op) => {
    expectScimError(() => patch('Group', storedGroup(), op), 400, 'invalidValue');
  });

  it.each([
    ['members.value', { op: 'replace', path: 'members.value', value: 'x' }],
    ['members[…].display', { op: 'remove', path: 'members[value eq "u1"].display' }],
    ['replace through a members filter', { op: 'replace', path: 'members[value eq "u1"]', value: { value: 'u2' } }],
  ])('400 mutability on groups: %s', (_name, op) => {
    expectScimError(() => patch('Group', storedGroup(), op), 400, 'mutability');
  });

  it('400 mutability: a group left without its required displayName', () => {
    expectScimError(() => patch('Group', storedGroup(), { op: 'remove', path: 'displayName' }), 400, 'mutability');
    expectScimError(() => patch('Group', storedGroup(), { op: 'replace', value: { displayName: null } }), 400, 'mutability');
  });

  it('a failing operation fails the whole PATCH and leaves the input untouched', () => {
    const user = storedUser();
    expectScimError(
      () => applyPatch('User', user, [{ op: 'replace', path: 'displayName', value: 'X' }, { op: 'replace', path: 'id', value: 'y' }]),
      400,
      'mutability',
    );
    expect(user.displayName).toBe('Babs Jensen');
  });

  it('lenient, not errors: schemas paths, pathless meta/schemas, and an echoed id', () => {
    const user = storedUser();
    const r = patch(
      'User',
      user,
      { op: 'replace', path: 'schemas', value: ['x'] },
      { op: 'replace', value: { schemas: ['x'], meta: { resourceType: 'User' }, id: user.id, displayName: 'Babs Jensen' } },
    );
    expect(r.changed).toBe(false);
  });
});
