import { describe, it, expect } from 'vitest';
import { ENTERPRISE_USER_SCHEMA } from '../schema/enterprise-user-schema.js';
import { GROUP_SCHEMA } from '../schema/group-schema.js';
import { USER_SCHEMA } from '../schema/user-schema.js';
import { parseAttributeList, projectResource, wantsAttribute } from './project-attributes.js';

const ENT = ENTERPRISE_USER_SCHEMA;
const meta = { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z', location: 'https://x/Users/1', version: 'W/"1"' };
const user = {
  schemas: [USER_SCHEMA, ENT],
  id: '1',
  externalId: 'ext-1',
  userName: 'ada',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  password: '$argon2id$hash',
  emails: [{ value: 'a@x', type: 'work', primary: true }, { value: 'b@x', type: 'home' }],
  groups: [{ value: 'g1', display: 'Admins', type: 'direct' }],
  [ENT]: { department: 'R&D', manager: { value: 'm1', displayName: 'Boss' } },
  meta,
};
const group = { schemas: [GROUP_SCHEMA], id: 'g1', displayName: 'Admins', members: [{ value: '1', type: 'User' }], meta };

const sel = (attributes?: string, excludedAttributes?: string) => ({
  attributes: parseAttributeList(attributes),
  excludedAttributes: parseAttributeList(excludedAttributes),
});

describe('parseAttributeList', () => {
  it('splits, trims and tolerates spaces and empty entries', () => {
    expect(parseAttributeList(' userName , name.givenName,,')).toEqual([{ attr: 'userName' }, { attr: 'name', sub: 'givenName' }]);
    expect(parseAttributeList(`${ENT}:manager.value`)).toEqual([{ uri: ENT, attr: 'manager', sub: 'value' }]);
  });

  it('rejects a malformed name with 400 invalidPath', () => {
    expect(() => parseAttributeList('userName,name..givenName')).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' }));
  });

  it('returns undefined when absent or empty', () => {
    expect(parseAttributeList(undefined)).toBeUndefined();
    expect(parseAttributeList('  ')).toBeUndefined();
  });
});

describe('projectResource', () => {
  it('returns default attributes, never password, and does not mutate the input', () => {
    const copy = structuredClone(user);
    const { password, ...rest } = user;
    expect(password).toBeTruthy();
    const out = projectResource('User', user);
    expect(out).toEqual(rest);
    expect(out).not.toHaveProperty('password');
    expect(user).toEqual(copy);
  });

  it('with attributes, returns only those plus id and schemas', () => {
    expect(projectResource('User', user, sel('userName'))).toEqual({ schemas: [USER_SCHEMA], id: '1', userName: 'ada' });
  });

  it('selects sub-attributes, also in each value of a multi-valued attribute', () => {
    expect(projectResource('User', user, sel('name.givenName,emails.value'))).toEqual({
      schemas: [USER_SCHEMA],
      id: '1',
      name: { givenName: 'Ada' },
      emails: [{ value: 'a@x' }, { value: 'b@x' }],
    });
  });

  it('matches names case-insensitively and ignores unknown ones', () => {
    expect(projectResource('User', user, sel('USERNAME,Name.GivenName,shoeSize'))).toEqual({
      schemas: [USER_SCHEMA],
      id: '1',
      userName: 'ada',
      name: { givenName: 'Ada' },
    });
  });

  it('selects extension attributes by URN-qualified name and whole extensions by URN', () => {
    expect(projectResource('User', user, sel(`${ENT}:department`))).toEqual({ schemas: [USER_SCHEMA, ENT], id: '1', [ENT]: { department: 'R&D' } });
    expect(projectResource('User', user, sel(`${ENT}:manager.value`))).toEqual({ schemas: [USER_SCHEMA, ENT], id: '1', [ENT]: { manager: { value: 'm1' } } });
    expect(projectResource('User', user, sel(ENT))).toEqual({ schemas: [USER_SCHEMA, ENT], id: '1', [ENT]: user[ENT] });
  });

  it('never returns password even when asked for it', () => {
    expect(projectResource('User', user, sel('password,userName'))).toEqual({ schemas: [USER_SCHEMA], id: '1', userName: 'ada' });
  });

  it('excludedAttributes removes default attributes but never id or schemas', () => {
    const out = projectResource('User', user, sel(undefined, 'id,schemas,emails,meta,name.familyName,groups'));
    expect(out).toEqual({
      schemas: [USER_SCHEMA, ENT],
      id: '1',
      externalId: 'ext-1',
      userName: 'ada',
      name: { givenName: 'Ada' },
      [ENT]: user[ENT],
    });
  });

  it('excluding a whole extension drops it from schemas too', () => {
    const out = projectResource('User', user, sel(undefined, ENT));
    expect(out[ENT]).toBeUndefined();
    expect(out.schemas).toEqual([USER_SCHEMA]);
    expect(projectResource('User', user, sel(undefined, `${ENT}:manager`))[ENT]).toEqual({ department: 'R&D' });
  });

  it('excludedAttributes=members shapes a group the way Entra reads it', () => {
    expect(projectResource('Group', group, sel(undefined, 'members'))).toEqual({ schemas: [GROUP_SCHEMA], id: 'g1', displayName: 'Admins', meta });
  });
});

describe('wantsAttribute', () => {
  it('tells the store whether to load members and groups', () => {
    expect(wantsAttribute('Group', sel(), 'members')).toBe(true);
    expect(wantsAttribute('Group', sel(undefined, 'members'), 'members')).toBe(false);
    expect(wantsAttribute('Group', sel(undefined, 'Members'), 'members')).toBe(false);
    expect(wantsAttribute('Group', sel('displayName'), 'members')).toBe(false);
    expect(wantsAttribute('Group', sel('members.value'), 'members')).toBe(true);
    expect(wantsAttribute('Group', sel(undefined, 'members.type'), 'members')).toBe(true);
    expect(wantsAttribute('User', sel(undefined, 'groups'), 'groups')).toBe(false);
    expect(wantsAttribute('User', sel('userName'), 'groups')).toBe(false);
    expect(wantsAttribute('User', sel(), 'groups')).toBe(true);
  });

  it('is true for always attributes and false for never and unknown ones', () => {
    expect(wantsAttribute('User', sel('userName', 'id'), 'id')).toBe(true);
    expect(wantsAttribute('User', sel(), 'password')).toBe(false);
    expect(wantsAttribute('User', sel(), 'shoeSize')).toBe(false);
  });
});
