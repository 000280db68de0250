import { describe, it, expect } from 'vitest';
import { ENTERPRISE_USER_SCHEMA } from '../schema/enterprise-user-schema.js';
import { GROUP_SCHEMA } from '../schema/group-schema.js';
import { USER_SCHEMA } from '../schema/user-schema.js';
import { normalizeResource } from './normalize-resource.js';
import { errorOf } from '../../../test/support/scim-error-of.js';

const ENT = ENTERPRISE_USER_SCHEMA;


describe('normalizeResource: Entra ID bodies', () => {
  it('accepts the documented user POST with meta.resourceType and empty roles', () => {
    const body = {
      schemas: [USER_SCHEMA, ENT],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    };
    expect(normalizeResource('User', body)).toEqual({
      schemas: [USER_SCHEMA],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      active: true,
      emails: [{ value: 'Test_User_fd0ea19b@testuser.com', type: 'work', primary: true }],
    });
  });

  it('removes nulls and reads the malformed enterprise URN (missing colon) as the enterprise extension', () => {
    const body = {
      schemas: [USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      userName: 'ada@contoso.com',
      addresses: null,
      phoneNumbers: null,
      title: null,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0User': { department: 'R&D', manager: null },
    };
    expect(normalizeResource('User', body)).toEqual({
      schemas: [USER_SCHEMA, ENT],
      userName: 'ada@contoso.com',
      [ENT]: { department: 'R&D' },
    });
  });

  it('accepts manager as a plain string id, as {value,$ref}, and in a one-element list', () => {
    const asString = normalizeResource('User', { userName: 'a', [ENT]: { manager: 'm-1' } });
    expect(asString[ENT]).toEqual({ manager: { value: 'm-1' } });
    const asObject = normalizeResource('User', {
      userName: 'a',
      [ENT]: { manager: { value: 'm-1', $ref: 'https://x/Users/m-1', displayName: 'Boss' } },
    });
    expect(asObject[ENT]).toEqual({ manager: { value: 'm-1', $ref: 'https://x/Users/m-1' } });
    const nullRef = normalizeResource('User', { userName: 'a', [ENT]: { manager: { value: 'm-1', $ref: null } } });
    expect(nullRef[ENT]).toEqual({ manager: { value: 'm-1' } });
    const listed = normalizeResource('User', { userName: 'a', [ENT]: { manager: [{ value: 'm-1' }] } });
    expect(listed[ENT]).toEqual({ manager: { value: 'm-1' } });
  });

  it('accepts "True"/"False"/"true"/"false" strings for booleans', () => {
    for (const [given, want] of [['True', true], ['False', false], ['true', true], ['false', false]] as const) {
      expect(normalizeResource('User', { userName: 'a', active: given }).active).toBe(want);
    }
    expect(normalizeResource('User', { userName: 'a', emails: [{ value: 'x@y', primary: 'True' }] }).emails).toEqual([
      { value: 'x@y', primary: true },
    ]);
  });

  it('rejects other boolean values with invalidValue naming the attribute', () => {
    const err = errorOf(() => normalizeResource('User', { userName: 'a', active: 'yes' }));
    expect(err.status).toBe(400);
    expect(err.scimType).toBe('invalidValue');
    expect(err.detail).toContain('active');
    expect(errorOf(() => normalizeResource('User', { userName: 'a', emails: [{ value: 'x', primary: 1 }] })).detail).toContain('emails.primary');
  });

  it('creates a group with the ADSCIM schema URN, dropping the unknown URN', () => {
    const body = {
      schemas: [GROUP_SCHEMA, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    };
    expect(normalizeResource('Group', body)).toEqual({
      schemas: [GROUP_SCHEMA],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
    });
  });

  it('canonicalises group members: $ref null tolerated, display dropped, duplicates kept once', () => {
    const g = normalizeResource('Group', {
      displayName: 'G',
      members: [
        { $ref: null, value: 'u1' },
        { value: 'u2', display: 'Bob', type: 'User', $ref: 'https://x/Users/u2' },
        { VALUE: 'u1' },
      ],
    });
    expect(g.members).toEqual([{ value: 'u1' }, { value: 'u2', type: 'User' }]);
  });

  it('rejects a member without a string value', () => {
    for (const bad of [{ display: 'x' }, { value: 5 }, { value: '' }]) {
      const err = errorOf(() => normalizeResource('Group', { displayName: 'G', members: [bad] }));
      expect(err.scimType).toBe('invalidValue');
      expect(err.detail).toContain('members');
    }
  });
});

describe('normalizeResource: Okta bodies', () => {
  it('keeps password as given, primary email and active; drops groups', () => {
    const body = {
      schemas: [USER_SCHEMA],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    };
    const out = normalizeResource('User', body);
    expect(out).toEqual({
      schemas: [USER_SCHEMA],
      externalId: '00ujl29u0le5T6Aj10h7',
      userName: 'test.user@okta.local',
      name: { familyName: 'User', givenName: 'Test' },
      displayName: 'Test User',
      locale: 'en-US',
      active: true,
      password: '1mz050nq',
      emails: [{ value: 'test.user@okta.local', type: 'work', primary: true }],
    });
  });

  it('drops id, meta and groups from a PUT body', () => {
    const out = normalizeResource('User', {
      id: 'abc',
      userName: 'u',
      meta: { created: '2024-01-01T00:00:00Z' },
      groups: [{ value: 'g1', display: 'G' }],
    });
    expect(out).toEqual({ schemas: [USER_SCHEMA], userName: 'u' });
  });

  it('accepts an Okta group create with empty members', () => {
    expect(normalizeResource('Group', { schemas: [GROUP_SCHEMA], displayName: 'Test SCIMv2', members: [] })).toEqual({
      schemas: [GROUP_SCHEMA],
      displayName: 'Test SCIMv2',
    });
  });
});
