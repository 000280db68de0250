import { describe, expect, it } from 'vitest';
import { ScimError } from '../errors.js';
import { resolveAttrPath } from '../schema/registry.js';
import type { ResourceKind } from '../schema/types.js';
import { compileFilter, matchesFilter, matchesValueFilter, validateFilter } from './evaluate-filter.js';
import { parseFilter, parsePatchPath } from './parse-filter.js';
import { parseDateTime } from './validate-filter.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const MANAGER_ID = '26118915-6090-4610-87e4-49d8ca9f808d';

const user = {
  schemas: [CORE, ENT],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'bjensen-ext',
  userName: 'bjensen@example.com',
  name: { familyName: "O'Malley", givenName: 'Barbara', formatted: '' },
  displayName: 'Babs Jensen',
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  phoneNumbers: [],
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
  [ENT]: { employeeNumber: '701984', costCenter: '4130', manager: { value: MANAGER_ID, displayName: 'John Smith' } },
};
const group = { id: 'g1', displayName: 'Tour Guides', members: [{ value: 'u1', display: 'Ann', type: 'User' }, { value: 'u2', type: 'User' }] };

const m = (text: string, resource: Record<string, unknown> = user, kind: ResourceKind = 'User') => matchesFilter(kind, resource, parseFilter(text));

function expectInvalidFilter(run: () => unknown): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ScimError);
  expect((caught as ScimError).status).toBe(400);
  expect((caught as ScimError).scimType).toBe('invalidFilter');
}

describe('matchesFilter: strings and caseExact', () => {
  it.each([
    ['userName eq "BJENSEN@example.com"', true],
    ['displayName eq "babs jensen"', true],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['externalId eq "BJENSEN-EXT"', false],
    ['externalId eq "bjensen-ext"', true],
    ['externalId eq bjensen-ext', true],
    [`name.familyName co "o'mal"`, true],
    ['userName sw "BJ"', true],
    ['userName ew "EXAMPLE.COM"', true],
    ['userName ne "bjensen@example.com"', false],
    ['userName gt "a"', true],
    ['title ge "tour guide"', true],
    ['title lt "TOUR"', false],
    ['title le "zzz"', true],
    [`${CORE}:userName sw "b"`, true],
  ])('%s → %s', (text, expected) => expect(m(text)).toBe(expected));
});

describe('matchesFilter: multi-valued and complex attributes', () => {
  it.each([
    ['emails co "JENSEN.ORG"', true],
    ['emails eq "babs@jensen.org"', true],
    ['emails.value ew ".org"', true],
    ['emails.type eq "other"', false],
    ['emails.primary eq true', true],
    ['emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails.type eq "home" and emails.value co "@example.com"', true],
    ['emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['emails[not (type eq "work")]', true],
    ['emails[primary eq true] and ims[type eq "aim"]', true],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
    ['emails ne "babs@jensen.org"', false],
  ])('%s → %s', (text, expected) => expect(m(text)).toBe(expected));

  it('matches group members by value, with or without a value path', () => {
    expect(m('members[value eq "u2"]', group, 'Group')).toBe(true);
    expect(m('members eq "u1"', group, 'Group')).toBe(true);
    expect(m('members.value eq "u3"', group, 'Group')).toBe(false);
    expect(m('members[display pr]', group, 'Group')).toBe(true);
    expect(m('displayName eq "tour guides"', group, 'Group')).toBe(true);
    expect(m('userName pr', group, 'Group')).toBe(false);
  });
});

describe('matchesFilter: extension attributes', () => {
  it.each([
    [`${ENT}:employeeNumber eq "701984"`, true],
    ['employeeNumber eq "701984"', true],
    ['employeeNumber eq 701984', true],
    [`${ENT}:manager.value eq "${MANAGER_ID}"`, true],
    [`manager eq "${MANAGER_ID}"`, true],
    [`${ENT.toLowerCase()}:costcenter eq "4130"`, true],
    [`${ENT}:division pr`, false],
  ])('%s → %s', (text, expected) => expect(m(text)).toBe(expected));

  it('reads a manager stored as a bare id and extension keys in another case', () => {
    const odd = { userName: 'x', [ENT.toLowerCase()]: { manager: 'm-1' } };
    expect(m('manager eq "m-1"', odd)).toBe(true);
    expect(m('manager pr', odd)).toBe(true);
  });
});

describe('matchesFilter: booleans, dates, presence, null, unknown', () => {
  it.each([
    ['active eq true', true],
    ['active eq "True"', true],
    ['active eq "false"', false],
    ['active ne false', true],
    ['meta.lastModified gt "2011-05-13T04:42:33Z"', true],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', true],
    ['meta.lastModified ge "2011-05-13T04:42:34.000Z"', true],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified lt "2011-05-13T04:42:34.001Z"', true],
    ['meta.created lt "2011-01-01"', true],
    ['meta.lastModified sw "2011-05"', true],
    ['title pr', true],
    ['nickName pr', false],
    ['name.formatted pr', false],
    ['phoneNumbers pr', false],
    ['name pr', true],
    ['not (nickName pr)', true],
    ['nickName eq null', true],
    ['title eq null', false],
    ['title ne null', true],
    ['nickName ne "x"', true],
    ['foo eq "x"', false],
    ['foo ne "x"', false],
    ['foo pr', false],
    ['not (foo eq "x")', true],
    ['emails[foo eq "x"]', false],
    ['foo[value eq "x"]', false],
    ['urn:example:other:2.0:User:userName pr', false],
    ['title pr or nickName pr and userName eq "zz"', true],
    ['(title pr or nickName pr) and userName eq "zz"', false],
  ])('%s → %s', (text, expected) => expect(m(text)).toBe(expected));

  it.each([
    'active gt true',
    'active co "t"',
    'active sw "t"',
    'active lt false',
    'active eq "yes"',
    'active eq 1',
    'emails.primary ge true',
    'emails[primary gt false]',
    'meta.lastModified gt "yesterday"',
    'meta.created eq 5',
    'title gt null',
    'name eq "Barbara"',
    'name gt "a"',
    'userName[value eq "x"]',
    'x509Certificates.value gt "a"',
  ])('%s throws invalidFilter', (text) => {
    expectInvalidFilter(() => m(text));
    expectInvalidFilter(() => validateFilter('User', parseFilter(text)));
  });

  it('validates even when the resource has no value for the attribute', () => {
    expectInvalidFilter(() => matchesFilter('User', {}, parseFilter('active gt true')));
  });
});

describe('matchesValueFilter and compileFilter', () => {
  const emails = resolveAttrPath('User', { attr: 'emails' })!.def;
  const members = resolveAttrPath('Group', { attr: 'members' })!.def;

  it('selects elements for PATCH paths', () => {
    const p = parsePatchPath('emails[type eq "WORK"].value');
    expect(user.emails.filter((e) => matchesValueFilter('User', emails, e, p.filter!))).toEqual([user.emails[0]]);
    const q = parsePatchPath('members[value eq "u2"]');
    expect(group.members.filter((e) => matchesValueFilter('Group', members, e, q.filter!))).toEqual([group.members[1]]);
    expect(matchesValueFilter('User', emails, { type: 'work' }, parseFilter('value pr'))).toBe(false);
  });
  it('throws invalidFilter for impossible element filters', () => {
    expectInvalidFilter(() => matchesValueFilter('User', emails, user.emails[0], parseFilter('primary gt true')));
    expectInvalidFilter(() => matchesValueFilter('User', emails, user.emails[0], parseFilter('emails[type pr]')));
  });
  it('compiles once and filters many resources', () => {
    const people = Array.from({ length: 50 }, (_, i) => ({ userName: `user${i}`, active: i % 2 === 0 }));
    const pred = compileFilter('User', parseFilter('active eq true and userName sw "USER1"'));
    expect(people.filter(pred).map((p) => p.userName)).toEqual(['user10', 'user12', 'user14', 'user16', 'user18']);
  });
});

describe('parseDateTime', () => {
  it('reads RFC 3339 forms as instants and rejects others', () => {
    expect(parseDateTime('2011-05-13T04:42:34Z')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34));
    expect(parseDateTime('2011-05-13T04:42:34.1234567Z')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34, 123));
    expect(parseDateTime('2011-05-13T04:42:34+0200')).toBe(Date.UTC(2011, 4, 13, 2, 42, 34));
    expect(parseDateTime('2011-05-13T04:42:34')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34));
    expect(parseDateTime('2011-05-13')).toBe(Date.UTC(2011, 4, 13));
    for (const bad of ['', 'yesterday', '2011-13-45T00:00:00Z', '5', '2011-05-13T25:00:00Z']) expect(parseDateTime(bad)).toBeUndefined();
  });
});
