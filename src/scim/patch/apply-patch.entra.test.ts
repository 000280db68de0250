// PATCH shapes Microsoft Entra ID's provisioning service sends (research §5.5–§5.11), with and without aadOptscim062020.
import { describe, expect, it } from 'vitest';
import { ENT, minimalUser, patch, storedUser } from './patch-test-fixtures.js';

describe('Entra ID: user updates (default, capitalised ops)', () => {
  it('E1 Replace emails[type eq "work"].value and name.familyName in one PATCH', () => {
    const r = patch(
      'User',
      storedUser(),
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    );
    expect(r.changed).toBe(true);
    expect(r.resource.emails).toEqual([
      { value: 'updatedEmail@microsoft.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
    expect(r.resource.name).toEqual({ formatted: 'Ms. Barbara J Jensen III', familyName: 'updatedFamilyName', givenName: 'Barbara' });
  });

  it('E2 Replace emails[type eq "work"].value creates the work email when the user has none', () => {
    const r = patch('User', minimalUser(), { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' });
    expect(r.resource.emails).toEqual([{ type: 'work', value: 'new@contoso.com' }]);
  });

  it('E3 …and appends it next to a home email without touching that one', () => {
    const user = storedUser({ emails: [{ value: 'babs@jensen.org', type: 'home' }] });
    const r = patch('User', user, { op: 'Replace', path: 'emails[type eq "work"].value', value: 'w@contoso.com' });
    expect(r.resource.emails).toEqual([
      { value: 'babs@jensen.org', type: 'home' },
      { type: 'work', value: 'w@contoso.com' },
    ]);
  });

  it('E4 two filtered ops on one address build one element (streetAddress, then postalCode)', () => {
    const r = patch(
      'User',
      minimalUser(),
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Microsoft Way' },
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
      { op: 'Add', path: 'phoneNumbers[type eq "fax"].value', value: '+1 555 0101' },
    );
    expect(r.resource.addresses).toEqual([{ type: 'work', streetAddress: '1 Microsoft Way', postalCode: '98052' }]);
    expect(r.resource.phoneNumbers).toEqual([
      { type: 'mobile', value: '+1 555 0100' },
      { type: 'fax', value: '+1 555 0101' },
    ]);
  });

  it('E5 capitalised sub-attributes from the mapping table land under canonical names', () => {
    const r = patch(
      'User',
      minimalUser(),
      { op: 'Add', path: 'emails[type eq "other"].Value', value: 'smtp:alias@contoso.com' },
      { op: 'Add', path: 'addresses[type eq "other"].Formatted', value: 'Building 92' },
    );
    expect(r.resource.emails).toEqual([{ type: 'other', value: 'smtp:alias@contoso.com' }]);
    expect(r.resource.addresses).toEqual([{ type: 'other', formatted: 'Building 92' }]);
  });

  it('E6 Replace userName, Add nickName, Add externalId', () => {
    const r = patch(
      'User',
      storedUser(),
      { op: 'Replace', path: 'userName', value: 'barbara@contoso.com' },
      { op: 'Add', path: 'nickName', value: 'Babs' },
      { op: 'Add', path: 'externalId', value: 'bjensen2' },
    );
    expect(r.resource).toMatchObject({ userName: 'barbara@contoso.com', nickName: 'Babs', externalId: 'bjensen2' });
  });

  it('E7 disable with the string "False" (normalisation makes it a boolean later)', () => {
    const r = patch('User', storedUser(), { op: 'Replace', path: 'active', value: 'False' });
    expect(r.resource.active).toBe('False');
    expect(r.changed).toBe(true);
  });

  it('E8 enterprise attributes by URN path', () => {
    const r = patch(
      'User',
      storedUser(),
      { op: 'Replace', path: `${ENT}:department`, value: 'Sales' },
      { op: 'Add', path: `${ENT}:costCenter`, value: '4130' },
    );
    expect(r.resource[ENT]).toMatchObject({ department: 'Sales', costCenter: '4130', employeeNumber: '701984' });
  });

  it('E9 roles Add with a JSON-encoded string value (SingleAppRoleAssignment) appends it', () => {
    const value = '{"id":"b1","value":"25","displayName":"Role1234"}';
    const r = patch('User', minimalUser(), { op: 'Add', path: 'roles', value: [{ value }] });
    expect(r.resource.roles).toEqual([{ value }]);
  });

  it('E10 roles[primary eq "True"].value creates the primary role', () => {
    const r = patch('User', minimalUser(), { op: 'Replace', path: 'roles[primary eq "True"].value', value: 'Admin' });
    expect(r.resource.roles).toEqual([{ primary: true, value: 'Admin' }]);
  });

  it('E12 Remove with a value array on a user attribute removes only the listed values', () => {
    const r = patch('User', storedUser(), { op: 'Remove', path: 'emails', value: [{ value: 'babs@jensen.org' }] });
    expect(r.resource.emails).toEqual([{ value: 'bjensen@example.com', type: 'work', primary: true }]);
  });

  it('E13 removing absent enterprise data keeps the URN Entra put in schemas (changed=false)', () => {
    const user = storedUser({ [ENT]: undefined });
    const r = patch('User', JSON.parse(JSON.stringify(user)), { op: 'Remove', path: `${ENT}:department` });
    expect(r.changed).toBe(false);
    expect(r.resource.schemas).toContain(ENT);
  });

  it('E11 a PATCH that changes nothing succeeds with changed=false', () => {
    const r = patch(
      'User',
      storedUser(),
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'bjensen@example.com' },
      { op: 'Replace', path: 'name.familyName', value: 'Jensen' },
      { op: 'Replace', path: 'active', value: true },
    );
    expect(r.changed).toBe(false);
    expect(r.resource).toEqual(storedUser());
  });
});

describe('Entra ID: aadOptscim062020 (lowercase ops, merged pathless replace)', () => {
  it('F1 pathless replace with dotted and URN keys expands into nested attributes', () => {
    const r = patch(
      'User',
      storedUser(),
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'bj@contoso.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENT}:employeeNumber`]: 'Aklq',
        },
      },
    );
    expect(r.resource.displayName).toBe('Bjfe');
    expect(r.resource.name).toEqual({ formatted: 'Ms. Barbara J Jensen III', givenName: 'Kkom', familyName: 'Unua' });
    expect(r.resource[ENT]).toMatchObject({ employeeNumber: 'Aklq', department: 'Tour Operations' });
    expect((r.resource.emails as { value: string }[])[0].value).toBe('bj@contoso.com');
  });

  it('F2 pathless add with name.* keys and a boolean active, on a user without a name', () => {
    const r = patch('User', minimalUser(), {
      op: 'add',
      value: { 'name.givenName': 'Ann', 'name.familyName': 'Lee', 'name.formatted': 'Ann Lee', displayName: 'Ann Lee', active: false },
    });
    expect(r.resource).toMatchObject({ name: { givenName: 'Ann', familyName: 'Lee', formatted: 'Ann Lee' }, displayName: 'Ann Lee', active: false });
  });

  it('F3 pathless keys in any case and an enterprise URN key whose value is an object', () => {
    const r = patch('User', minimalUser(), {
      op: 'replace',
      value: { DisplayName: 'X', 'NAME.GIVENNAME': 'Y', [ENT.toLowerCase()]: { Department: 'Ops' } },
    });
    expect(r.resource).toMatchObject({ displayName: 'X', name: { givenName: 'Y' }, [ENT]: { department: 'Ops' } });
    expect(r.resource.schemas).toContain(ENT);
  });

  it('F4 unknown pathless keys (custom extensions Entra omits from schemas) are dropped, not errors', () => {
    const r = patch('User', storedUser(), {
      op: 'replace',
      value: { 'urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User:badge': '7', favouriteColour: 'blue', title: 'CEO' },
    });
    expect(r.resource.title).toBe('CEO');
    expect(r.resource).not.toHaveProperty('favouriteColour');
    expect(Object.keys(r.resource).some((k) => k.includes('CustomExt'))).toBe(false);
  });

  it('F5 disable with a real boolean', () => {
    expect(patch('User', storedUser(), { op: 'replace', path: 'active', value: false }).resource.active).toBe(false);
  });
});

describe('Entra ID: manager', () => {
  const mgr = '0f12cd5e-0000-4000-8000-00000000abcd';

  it('M1 plain string at the enterprise URN path is stored as given (normalised later)', () => {
    const r = patch('User', storedUser(), { op: 'add', path: `${ENT}:manager`, value: mgr });
    expect((r.resource[ENT] as Record<string, unknown>).manager).toBe(mgr);
  });

  it('M2 doc shape: unqualified path and an array of one {$ref, value} is unwrapped and replaces the old manager', () => {
    const r = patch('User', storedUser(), { op: 'Add', path: 'manager', value: [{ $ref: `http://x/scim/Users/${mgr}`, value: mgr }] });
    expect((r.resource[ENT] as Record<string, unknown>).manager).toEqual({ $ref: `http://x/scim/Users/${mgr}`, value: mgr });
  });

  it('M3 {value} equal to the current manager keeps its $ref (merge)', () => {
    const r = patch('User', storedUser(), { op: 'replace', path: `${ENT}:manager`, value: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } });
    expect(r.changed).toBe(false);
  });

  it('M4 manager on a user with no enterprise data creates the extension object and lists its URN', () => {
    const r = patch('User', minimalUser(), { op: 'Add', path: `${ENT}:manager`, value: { value: mgr } });
    expect(r.resource[ENT]).toEqual({ manager: { value: mgr } });
    expect(r.resource.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENT]);
  });

  it('M5 removing the manager keeps the rest of the extension', () => {
    const r = patch('User', storedUser(), { op: 'Remove', path: `${ENT}:manager` });
    expect(r.resource[ENT]).toEqual({ employeeNumber: '701984', department: 'Tour Operations' });
  });
});
