// The examples of RFC 7644 §3.5.2.1–3 and the rules around them.
import { describe, expect, it } from 'vitest';
import { ENT, patch, storedGroup, storedUser } from './patch-test-fixtures.js';

const babs = '2819c223-7f76-453a-919d-413861904646';
const james = '08e1d05d-121c-4561-8b96-473d93df9210';
const babsRef = { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${babs}`, value: babs };
const jamesRef = { display: 'James Smith', $ref: `https://example.com/v2/Users/${james}`, value: james };

describe('RFC 7644 §3.5.2.1 add', () => {
  it('R1 add a member to a group', () => {
    expect(patch('Group', storedGroup(), { op: 'add', path: 'members', value: [babsRef] }).memberOps).toEqual([
      { op: 'add', members: [{ value: babs }] },
    ]);
  });

  it('R2 pathless add of emails and "nickname" (any case) appends the email and sets nickName', () => {
    const r = patch('User', storedUser(), { op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }, { value: 'b@x.org', type: 'other' }], nickname: 'Babs' } });
    expect(r.resource.nickName).toBe('Babs');
    expect(r.resource.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
      { value: 'b@x.org', type: 'other' },
    ]);
  });

  it('R3 adding a value that already exists changes nothing', () => {
    const r = patch('User', storedUser(), { op: 'add', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'home' }] });
    expect(r.changed).toBe(false);
  });

  it('R4 add on a single-valued attribute replaces it; on a complex one merges sub-attributes', () => {
    const r = patch('User', storedUser(), { op: 'add', path: 'displayName', value: 'B' }, { op: 'add', path: 'name', value: { middleName: 'Jane' } });
    expect(r.resource.displayName).toBe('B');
    expect(r.resource.name).toEqual({ formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane' });
  });

  it('R5 a value made primary makes the others non-primary (§3.5.2)', () => {
    const r = patch('User', storedUser(), { op: 'add', path: 'emails', value: { value: 'new@example.com', type: 'other', primary: true } });
    expect((r.resource.emails as { primary?: boolean }[]).map((e) => e.primary)).toEqual([false, undefined, true]);
  });
});

describe('RFC 7644 §3.5.2.2 remove', () => {
  it('R6 remove all members', () => {
    expect(patch('Group', storedGroup(), { op: 'remove', path: 'members' }).memberOps).toEqual([{ op: 'removeAll' }]);
  });

  it('R7 remove a single member, and several in one request', () => {
    const r = patch('Group', storedGroup(), { op: 'remove', path: `members[value eq "${babs}"]` }, { op: 'remove', path: `members[value eq "${james}"]` });
    expect(r.memberOps).toEqual([
      { op: 'remove', values: [babs] },
      { op: 'remove', values: [james] },
    ]);
  });

  it('R8 replace all members as remove + add', () => {
    const r = patch('Group', storedGroup(), { op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [babsRef, jamesRef] });
    expect(r.memberOps).toEqual([{ op: 'removeAll' }, { op: 'add', members: [{ value: babs }, { value: james }] }]);
  });

  it('R9 a members filter that is not plain ids becomes removeWhere', () => {
    const r = patch('Group', storedGroup(), { op: 'remove', path: 'members[type eq "Group"]' });
    expect(r.memberOps).toEqual([{ op: 'removeWhere', filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'Group' } }]);
  });

  it('R10 remove emails[type eq "work" and value ew "example.com"]', () => {
    const r = patch('User', storedUser(), { op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' });
    expect(r.resource.emails).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
  });

  it('R11 removing the last value unassigns the attribute', () => {
    const r = patch('User', storedUser(), { op: 'remove', path: 'addresses[type eq "work"]' });
    expect(r.resource).not.toHaveProperty('addresses');
  });

  it('R12 remove a sub-attribute of matching values', () => {
    const r = patch('User', storedUser(), { op: 'remove', path: 'emails[type eq "work"].primary' });
    expect((r.resource.emails as unknown[])[0]).toEqual({ value: 'bjensen@example.com', type: 'work' });
  });

  it('R13 removing what is absent, or a filter matching nothing, succeeds unchanged', () => {
    const r = patch(
      'User',
      storedUser(),
      { op: 'remove', path: 'nickName' },
      { op: 'remove', path: 'emails[type eq "pager"]' },
      { op: 'remove', path: 'phoneNumbers[type eq "fax"].value' },
      { op: 'remove', path: 'name.middleName' },
    );
    expect(r.changed).toBe(false);
  });

  it('R14 remove a single-valued, a complex sub-attribute and a whole extension', () => {
    const r = patch('User', storedUser(), { op: 'remove', path: 'displayName' }, { op: 'remove', path: 'name.formatted' }, { op: 'remove', path: ENT });
    expect(r.resource).not.toHaveProperty('displayName');
    expect(r.resource.name).toEqual({ familyName: 'Jensen', givenName: 'Barbara' });
    expect(r.resource).not.toHaveProperty(ENT);
    expect(r.resource.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
  });
});

describe('RFC 7644 §3.5.2.3 replace', () => {
  it('R15 replace members', () => {
    expect(patch('Group', storedGroup(), { op: 'replace', path: 'members', value: [babsRef, jamesRef] }).memberOps).toEqual([
      { op: 'replace', members: [{ value: babs }, { value: james }] },
    ]);
  });

  it('R16 replace addresses[type eq "work"] replaces the whole work address', () => {
    const work = { type: 'work', streetAddress: '911 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'US', formatted: '911 Universal City Plaza\nHollywood, CA 91608 US', primary: true };
    expect(patch('User', storedUser(), { op: 'replace', path: 'addresses[type eq "work"]', value: work }).resource.addresses).toEqual([work]);
  });

  it('R17 replace addresses[type eq "work"].streetAddress', () => {
    const r = patch('User', storedUser(), { op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' });
    expect(r.resource.addresses).toEqual([{ type: 'work', streetAddress: '1010 Broadway Ave', locality: 'Hollywood', primary: true }]);
  });

  it('R18 pathless replace of emails and nickname replaces all emails', () => {
    const emails = [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ];
    const r = patch('User', storedUser({ emails: [{ value: 'old@x', type: 'other' }] }), { op: 'replace', value: { emails, nickname: 'Babs' } });
    expect(r.resource).toMatchObject({ emails, nickName: 'Babs' });
  });

  it('R19 replace of an attribute that does not exist adds it', () => {
    expect(patch('User', storedUser(), { op: 'replace', path: 'title', value: 'Tour Guide' }).resource.title).toBe('Tour Guide');
  });

  it('R20 replace on a complex attribute leaves unspecified sub-attributes unchanged', () => {
    const r = patch('User', storedUser(), { op: 'replace', path: 'name', value: { givenName: 'Babs' } });
    expect(r.resource.name).toEqual({ formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Babs' });
  });

  it('R21 replace with null unassigns (RFC 7643 §2.5)', () => {
    expect(patch('User', storedUser(), { op: 'replace', path: 'displayName', value: null }).resource).not.toHaveProperty('displayName');
  });

  it('R22 replace through a filter makes the matched value primary and clears the others', () => {
    const r = patch('User', storedUser(), { op: 'replace', path: 'emails[type eq "home"].primary', value: true });
    expect(r.resource.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home', primary: true },
    ]);
  });

  it('R23 operations apply in order and the input is never mutated', () => {
    const user = storedUser();
    const r = patch('User', user, { op: 'replace', path: 'displayName', value: 'A' }, { op: 'replace', path: 'displayName', value: 'Babs Jensen' });
    expect(r.changed).toBe(false);
    expect(user.displayName).toBe('Babs Jensen');
  });
});
