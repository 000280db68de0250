import { describe, expect, it } from 'vitest';
import { expressionErrorOf as errorOf } from '../../../test/support/expression-error-of.js';
import { formatMappingPath, isSchemaPath, parseMappingPath, readPath, writePath } from './attribute-path.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('parseMappingPath', () => {
  it('parses the path forms mappings use, in canonical spelling', () => {
    expect(parseMappingPath('userName')).toEqual({ text: 'userName', attr: 'userName' });
    expect(parseMappingPath('USERNAME')).toEqual({ text: 'userName', attr: 'userName' });
    expect(parseMappingPath('name.givenName')).toEqual({ text: 'name.givenName', attr: 'name', sub: 'givenName' });
    expect(parseMappingPath('emails[type eq "work"].value')).toEqual({
      text: 'emails[type eq "work"].value',
      attr: 'emails',
      filter: { attr: 'type', value: 'work' },
      sub: 'value',
    });
    expect(parseMappingPath('addresses[type eq "other"].Formatted')).toMatchObject({ attr: 'addresses', sub: 'formatted' });
    expect(parseMappingPath('emails[type eq "other"].Value').text).toBe('emails[type eq "other"].value');
    expect(parseMappingPath(`${ENT}:department`)).toEqual({ text: `${ENT}:department`, uri: ENT, attr: 'department' });
    expect(parseMappingPath('members')).toEqual({ text: 'members', attr: 'members' });
    expect(parseMappingPath('externalId')).toEqual({ text: 'externalId', attr: 'externalId' });
  });

  it('reads "True" in a boolean value filter as true (Entra writes roles[primary eq "True"])', () => {
    expect(parseMappingPath('roles[primary eq "True"].value')).toMatchObject({ filter: { attr: 'primary', value: true }, sub: 'value' });
  });

  it('marks the enterprise manager as a reference read through its value', () => {
    expect(parseMappingPath(`${ENT}:manager`)).toEqual({ text: `${ENT}:manager`, uri: ENT, attr: 'manager', reference: true });
    expect(parseMappingPath(`${ENT}:manager.value`)).toEqual({ text: `${ENT}:manager.value`, uri: ENT, attr: 'manager', sub: 'value' });
  });

  it('qualifies an unqualified extension attribute with its URN, and drops the core URN', () => {
    expect(parseMappingPath('employeeNumber')).toMatchObject({ uri: ENT, attr: 'employeeNumber' });
    expect(parseMappingPath('urn:ietf:params:scim:schemas:core:2.0:User:userName')).toEqual({ text: 'userName', attr: 'userName' });
  });

  it('keeps names no scimkit schema knows as written (custom target extensions)', () => {
    const custom = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User:costCode';
    expect(parseMappingPath(custom)).toEqual({ text: custom, uri: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User', attr: 'costCode' });
    expect(parseMappingPath('badges[kind eq "door"].code')).toMatchObject({ attr: 'badges', filter: { attr: 'kind', value: 'door' }, sub: 'code' });
  });

  it('prints paths that parse back to the same path', () => {
    for (const text of ['emails[type eq "work"].value', `${ENT}:manager`, 'roles[primary eq true].display', 'name.familyName', 'x[n eq 3].y']) {
      const path = parseMappingPath(text);
      expect(parseMappingPath(formatMappingPath(path))).toEqual(path);
    }
  });

  it('names the 0-based position and what was expected for bad syntax', () => {
    const err = errorOf(() => parseMappingPath('emails[type eq "work"'));
    expect(err.code).toBe('invalidPath');
    expect(err.position).toBe(6);
    expect(err.expected).toBe('"]"');
    expect(err.message).toBe('invalid attribute path "emails[type eq \\"work\\"": expected "]" to close "[" at position 6, found end of input');
    const bad = errorOf(() => parseMappingPath('name.given Name'));
    expect(bad.position).toBe(11);
    expect(errorOf(() => parseMappingPath('1abc')).message).toMatch(/invalid attribute name "1abc" at position 0/);
    expect(errorOf(() => parseMappingPath('')).message).toMatch(/empty/);
  });

  it.each([
    ['emails[type ne "work"].value', /only "eq" value filters/],
    ['emails[type eq "work" and primary eq true].value', /only "eq" value filters/],
    ['emails[value pr].value', /only "eq" value filters/],
    ['emails[type eq null].value', /compares with null/],
  ])('refuses the value filter of %j, pointing inside the bracket', (text, message) => {
    const err = errorOf(() => parseMappingPath(text));
    expect(err.message).toMatch(message);
    expect(err.position).toBe(7);
    expect(err.expected).toMatch(/value filter/);
  });

  it('refuses paths longer than 10,000 characters', () => {
    expect(errorOf(() => parseMappingPath('a'.repeat(10_001))).code).toBe('tooLong');
  });
});

describe('isSchemaPath', () => {
  it('knows the paths of each kind', () => {
    expect(isSchemaPath('User', parseMappingPath('emails[type eq "work"].value'))).toBe(true);
    expect(isSchemaPath('User', parseMappingPath(`${ENT}:manager`))).toBe(true);
    expect(isSchemaPath('Group', parseMappingPath('members'))).toBe(true);
    expect(isSchemaPath('Group', parseMappingPath('emails[type eq "work"].value'))).toBe(false);
    expect(isSchemaPath('User', parseMappingPath('name.nope'))).toBe(false);
    expect(isSchemaPath('User', parseMappingPath('title[type eq "x"]'))).toBe(false);
    expect(isSchemaPath('User', parseMappingPath('emails[kind eq "x"].value'))).toBe(false);
  });
});

describe('readPath', () => {
  const doc = {
    UserName: 'bjensen@example.com',
    name: { givenName: 'Barbara', FamilyName: 'Jensen' },
    emails: [
      { value: 'home@example.com', type: 'home' },
      { value: 'work@example.com', type: 'Work', primary: true },
    ],
    roles: [{ value: 'Admin', primary: true }],
    [ENT]: { department: 'Tour Operations', manager: { value: 'm-1', displayName: 'Boss' } },
  };
  const read = (text: string) => readPath(doc, parseMappingPath(text));

  it('reads plain, complex, filtered and extension paths in any case', () => {
    expect(read('userName')).toBe('bjensen@example.com');
    expect(read('name.familyName')).toBe('Jensen');
    expect(read('emails[type eq "work"].value')).toBe('work@example.com');
    expect(read('emails[type eq "WORK"].Value')).toBe('work@example.com');
    expect(read('roles[primary eq "True"].value')).toBe('Admin');
    expect(read(`${ENT}:department`)).toBe('Tour Operations');
    expect(read(`${ENT.toUpperCase()}:Department`)).toBe('Tour Operations');
    expect(read(`${ENT}:manager`)).toBe('m-1');
    expect(read(`${ENT}:manager.displayName`)).toBe('Boss');
  });

  it('gives every value of a sub-attribute without a filter, and the element without a sub-attribute', () => {
    expect(read('emails.value')).toEqual(['home@example.com', 'work@example.com']);
    expect(read('emails[type eq "home"]')).toEqual({ value: 'home@example.com', type: 'home' });
  });

  it('is undefined when anything on the way is absent', () => {
    expect(read('emails[type eq "other"].value')).toBeUndefined();
    expect(read('phoneNumbers[type eq "mobile"].value')).toBeUndefined();
    expect(read('name.middleName')).toBeUndefined();
    expect(read('title')).toBeUndefined();
    expect(read('urn:ietf:params:scim:schemas:extension:Acme:2.0:User:costCode')).toBeUndefined();
    expect(readPath({ emails: 'not a list' }, parseMappingPath('emails[type eq "work"].value'))).toBeUndefined();
  });
});

describe('writePath', () => {
  const write = (doc: Record<string, unknown>, text: string, value: unknown) => {
    writePath(doc, parseMappingPath(text), value);
    return doc;
  };

  it('creates complex values, elements and extension objects as needed', () => {
    const doc: Record<string, unknown> = {};
    write(doc, 'userName', 'a@example.com');
    write(doc, 'name.givenName', 'Ann');
    write(doc, 'emails[type eq "work"].value', 'a@example.com');
    write(doc, 'phoneNumbers[type eq "mobile"].value', '+1 555');
    write(doc, 'addresses[type eq "work"].streetAddress', '1 Main St');
    write(doc, 'addresses[type eq "work"].Formatted', '1 Main St, Town');
    write(doc, 'roles[primary eq "True"].value', 'Admin');
    write(doc, `${ENT}:department`, 'Sales');
    write(doc, `${ENT}:manager`, 'target-9');
    expect(doc).toEqual({
      userName: 'a@example.com',
      name: { givenName: 'Ann' },
      emails: [{ type: 'work', value: 'a@example.com' }],
      phoneNumbers: [{ type: 'mobile', value: '+1 555' }],
      addresses: [{ type: 'work', streetAddress: '1 Main St', formatted: '1 Main St, Town' }],
      roles: [{ primary: true, value: 'Admin' }],
      [ENT]: { department: 'Sales', manager: { value: 'target-9' } },
    });
  });

  it('updates the matching element instead of adding a second one, reusing existing key spelling', () => {
    const doc = { Emails: [{ Type: 'WORK', Value: 'old@example.com' }, { type: 'home', value: 'h@example.com' }] };
    write(doc, 'emails[type eq "work"].value', 'new@example.com');
    expect(doc).toEqual({ Emails: [{ Type: 'WORK', Value: 'new@example.com' }, { type: 'home', value: 'h@example.com' }] });
  });

  it('writes a whole element, an element value, a reference object and a sub-attribute of every element', () => {
    const doc: Record<string, unknown> = { [ENT]: { manager: { value: 'x', displayName: 'X' } } };
    write(doc, 'emails[type eq "work"]', { value: 'w@example.com', primary: true });
    write(doc, 'ims[type eq "xmpp"]', 'me@jabber');
    write(doc, `${ENT}:manager`, 'y');
    expect(doc).toEqual({
      emails: [{ type: 'work', value: 'w@example.com', primary: true }],
      ims: [{ type: 'xmpp', value: 'me@jabber' }],
      [ENT]: { manager: { value: 'y', displayName: 'X' } },
    });
    write(doc, 'emails.value', ['a@x', 'b@x']);
    expect(doc.emails).toEqual([{ value: 'a@x' }, { value: 'b@x' }]);
    write(doc, 'members', [{ value: 'u1' }]);
    expect(doc.members).toEqual([{ value: 'u1' }]);
  });

  it('removes the leaf on undefined, and whatever it leaves empty', () => {
    const doc: Record<string, unknown> = {
      name: { givenName: 'Ann' },
      emails: [{ type: 'work', value: 'a@x', primary: true }, { type: 'home', value: 'h@x' }],
      phoneNumbers: [{ type: 'mobile', value: '1', display: 'one' }],
      [ENT]: { department: 'Sales' },
      title: 'Boss',
    };
    write(doc, 'name.givenName', undefined);
    write(doc, 'emails[type eq "work"].value', undefined);
    write(doc, 'phoneNumbers[type eq "mobile"].value', undefined);
    write(doc, `${ENT}:department`, undefined);
    write(doc, 'title', undefined);
    write(doc, 'addresses[type eq "work"].country', undefined);
    expect(doc).toEqual({ emails: [{ type: 'home', value: 'h@x' }], phoneNumbers: [{ type: 'mobile', display: 'one' }] });
    write(doc, 'emails[type eq "home"]', undefined);
    write(doc, 'phoneNumbers.display', undefined);
    expect(doc).toEqual({});
  });

  it('round-trips every path it writes', () => {
    const paths = ['userName', 'name.familyName', 'emails[type eq "work"].value', 'roles[primary eq "True"].display', `${ENT}:manager`, `${ENT}:costCenter`];
    const doc: Record<string, unknown> = {};
    paths.forEach((p, i) => write(doc, p, `v${i}`));
    paths.forEach((p, i) => expect(readPath(doc, parseMappingPath(p))).toBe(`v${i}`));
  });
});
