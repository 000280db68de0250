import { describe, expect, it } from 'vitest';
import { isKnownSourceAttribute, resolveSourceAttribute, sourceAttributeAliases, type SourceObject } from './source-attributes.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const user: SourceObject = {
  kind: 'User',
  id: 'u-1',
  isSoftDeleted: false,
  appRoles: ['Admin', 'Reader'],
  doc: {
    id: 'u-1',
    userName: 'bjensen@example.com',
    active: true,
    displayName: 'Babs Jensen',
    title: 'Tour Guide',
    preferredLanguage: 'en-US',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [
      { value: 'home@example.com', type: 'home' },
      { value: 'bjensen@work.example.com', type: 'work' },
    ],
    phoneNumbers: [
      { value: '+1 555 0100', type: 'work' },
      { value: '+1 555 0101', type: 'mobile' },
      { value: '+1 555 0102', type: 'fax' },
    ],
    addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' }],
    [ENT]: { employeeNumber: '701984', organization: 'Universal Studios', department: 'Tour Operations', manager: { value: 'u-9' } },
  },
};

const group: SourceObject = {
  kind: 'Group',
  id: 'g-1',
  isSoftDeleted: true,
  appRoles: ['User'],
  doc: { id: 'g-1', displayName: 'Sales Team (EMEA)', members: [{ value: 'u-1' }] },
};

describe('resolveSourceAttribute', () => {
  it.each([
    ['userPrincipalName', 'bjensen@example.com'],
    ['mail', 'bjensen@work.example.com'],
    ['mailNickname', 'bjensen'],
    ['givenName', 'Barbara'],
    ['surname', 'Jensen'],
    ['displayName', 'Babs Jensen'],
    ['jobTitle', 'Tour Guide'],
    ['mobile', '+1 555 0101'],
    ['telephoneNumber', '+1 555 0100'],
    ['facsimileTelephoneNumber', '+1 555 0102'],
    ['streetAddress', '100 Universal City Plaza'],
    ['postalCode', '91608'],
    ['city', 'Hollywood'],
    ['state', 'CA'],
    ['country', 'USA'],
    ['department', 'Tour Operations'],
    ['employeeId', '701984'],
    ['companyName', 'Universal Studios'],
    ['accountEnabled', true],
    ['objectId', 'u-1'],
    ['IsSoftDeleted', false],
    ['appRoleAssignments', ['Admin', 'Reader']],
    ['preferredLanguage', 'en-US'],
    ['manager', 'u-9'],
  ])('reads the Entra attribute %s of a user', (name, expected) => {
    expect(resolveSourceAttribute(user, name)).toEqual(expected);
  });

  it('matches Entra names in any case, and reads SCIM paths', () => {
    expect(resolveSourceAttribute(user, 'USERPRINCIPALNAME')).toBe('bjensen@example.com');
    expect(resolveSourceAttribute(user, 'isSoftDeleted')).toBe(false);
    expect(resolveSourceAttribute(user, 'emails[type eq "home"].value')).toBe('home@example.com');
    expect(resolveSourceAttribute(user, `${ENT}:manager`)).toBe('u-9');
    expect(resolveSourceAttribute(user, 'name.givenName')).toBe('Barbara');
    expect(resolveSourceAttribute(user, 'title')).toBe('Tour Guide');
  });

  it('falls back from the work e-mail to the primary one, then to the only one', () => {
    const primary = { ...user, doc: { emails: [{ value: 'o@x', type: 'other' }, { value: 'p@x', type: 'home', primary: true }] } };
    expect(resolveSourceAttribute(primary, 'mail')).toBe('p@x');
    const only = { ...user, doc: { emails: [{ value: 'only@x' }] } };
    expect(resolveSourceAttribute(only, 'mail')).toBe('only@x');
    const none = { ...user, doc: { emails: [{ value: 'a@x' }, { value: 'b@x' }] } };
    expect(resolveSourceAttribute(none, 'mail')).toBeUndefined();
  });

  it('is undefined for absent values and for names that mean nothing', () => {
    const bare: SourceObject = { kind: 'User', id: 'u-2', isSoftDeleted: false, appRoles: [], doc: { userName: 'x' } };
    for (const name of ['mail', 'givenName', 'department', 'manager', 'mobile', 'accountEnabled', 'no such thing', 'emails[']) {
      expect(resolveSourceAttribute(bare, name)).toBeUndefined();
    }
    expect(resolveSourceAttribute(bare, 'appRoleAssignments')).toEqual([]);
    expect(resolveSourceAttribute(bare, 'mailNickname')).toBe('x');
  });

  it('reads the group attributes', () => {
    expect(resolveSourceAttribute(group, 'displayName')).toBe('Sales Team (EMEA)');
    expect(resolveSourceAttribute(group, 'objectId')).toBe('g-1');
    expect(resolveSourceAttribute(group, 'mailNickname')).toBe('SalesTeamEMEA');
    expect(resolveSourceAttribute(group, 'description')).toBeUndefined();
    expect(resolveSourceAttribute({ ...group, doc: { ...group.doc, description: 'All of sales' } }, 'description')).toBe('All of sales');
    expect(resolveSourceAttribute(group, 'IsSoftDeleted')).toBe(true);
    expect(resolveSourceAttribute(group, 'members')).toEqual([{ value: 'u-1' }]);
    expect(resolveSourceAttribute(group, 'userPrincipalName')).toBeUndefined();
  });
});

describe('isKnownSourceAttribute', () => {
  it('knows the aliases and schema paths of each kind, and nothing else', () => {
    expect(isKnownSourceAttribute('User', 'userPrincipalName')).toBe(true);
    expect(isKnownSourceAttribute('User', 'jobtitle')).toBe(true);
    expect(isKnownSourceAttribute('User', 'emails[type eq "work"].value')).toBe(true);
    expect(isKnownSourceAttribute('User', `${ENT}:department`)).toBe(true);
    expect(isKnownSourceAttribute('User', 'externalId')).toBe(true);
    expect(isKnownSourceAttribute('User', 'jobTitel')).toBe(false);
    expect(isKnownSourceAttribute('User', 'members')).toBe(false);
    expect(isKnownSourceAttribute('User', 'emails[')).toBe(false);
    expect(isKnownSourceAttribute('Group', 'members')).toBe(true);
    expect(isKnownSourceAttribute('Group', 'mailNickname')).toBe(true);
    expect(isKnownSourceAttribute('Group', 'description')).toBe(true);
    expect(isKnownSourceAttribute('Group', 'givenName')).toBe(false);
  });
});

describe('sourceAttributeAliases', () => {
  it('lists every alias with what it reads, and each listed alias is known', () => {
    for (const kind of ['User', 'Group'] as const) {
      for (const alias of sourceAttributeAliases[kind]) {
        expect(alias.reads).not.toBe('');
        expect(isKnownSourceAttribute(kind, alias.name)).toBe(true);
      }
    }
    expect(sourceAttributeAliases.User.find((a) => a.name === 'mobile')?.reads).toBe('phoneNumbers[type eq "mobile"].value');
  });
});
