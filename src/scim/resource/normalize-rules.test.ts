import { describe, it, expect } from 'vitest';
import { attr } from '../schema/attribute.js';
import { ENTERPRISE_USER_SCHEMA, enterpriseUserSchema } from '../schema/enterprise-user-schema.js';
import { USER_SCHEMA } from '../schema/user-schema.js';
import { normalizeResource } from './normalize-resource.js';
import { errorOf } from '../../../test/support/scim-error-of.js';

const ENT = ENTERPRISE_USER_SCHEMA;


describe('normalizeResource: names, types and shapes', () => {
  it('renames keys to schema case, including sub-attributes and the extension URN', () => {
    const out = normalizeResource('User', {
      USERNAME: 'a',
      Emails: [{ Value: 'a@b', TYPE: 'work' }],
      name: { GivenName: 'Ada', FAMILYNAME: 'Lovelace' },
      'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { EmployeeNumber: '7' },
    });
    expect(out).toEqual({
      schemas: [USER_SCHEMA, ENT],
      userName: 'a',
      name: { familyName: 'Lovelace', givenName: 'Ada' },
      emails: [{ value: 'a@b', type: 'work' }],
      [ENT]: { employeeNumber: '7' },
    });
  });

  it('accepts URN-qualified and dotted top-level keys', () => {
    const out = normalizeResource('User', { userName: 'a', 'name.givenName': 'Ada', [`${ENT}:department`]: 'R&D' });
    expect(out).toEqual({ schemas: [USER_SCHEMA, ENT], userName: 'a', name: { givenName: 'Ada' }, [ENT]: { department: 'R&D' } });
  });

  it('drops unknown attributes, unknown sub-attributes and unknown extensions; tolerates missing schemas', () => {
    const out = normalizeResource('User', {
      userName: 'a',
      favouriteColour: 'blue',
      name: { givenName: 'A', nick: 'x' },
      'urn:ietf:params:scim:schemas:extension:custom:2.0:User': { badge: '1' },
    });
    expect(out).toEqual({ schemas: [USER_SCHEMA], userName: 'a', name: { givenName: 'A' } });
  });

  it('coerces numbers to strings but rejects objects and booleans for strings', () => {
    expect(normalizeResource('User', { userName: 'a', [ENT]: { employeeNumber: 12345 } })[ENT]).toEqual({ employeeNumber: '12345' });
    expect(errorOf(() => normalizeResource('User', { userName: 'a', title: { x: 1 } })).detail).toContain('title');
    expect(errorOf(() => normalizeResource('User', { userName: 'a', nickName: true })).scimType).toBe('invalidValue');
  });

  it('wraps a single object for a multi-valued attribute and rejects arrays for single-valued ones', () => {
    expect(normalizeResource('User', { userName: 'a', emails: { value: 'a@b' } }).emails).toEqual([{ value: 'a@b' }]);
    expect(errorOf(() => normalizeResource('User', { userName: 'a', title: ['x', 'y'] })).detail).toContain('title');
  });

  it('rejects a non-object complex value', () => {
    expect(errorOf(() => normalizeResource('User', { userName: 'a', name: 'Ada' })).detail).toContain('name');
    expect(errorOf(() => normalizeResource('User', { userName: 'a', [ENT]: 'x' })).scimType).toBe('invalidValue');
  });

  it('keeps the first primary and sets later ones to false', () => {
    const out = normalizeResource('User', {
      userName: 'a',
      emails: [{ value: '1', primary: true }, { value: '2', primary: 'True' }, { value: '3' }],
    });
    expect(out.emails).toEqual([{ value: '1', primary: true }, { value: '2', primary: false }, { value: '3' }]);
  });

  it('throws invalidSyntax when the body is not an object', () => {
    for (const bad of [null, 'x', 42, [{ userName: 'a' }]]) {
      const err = errorOf(() => normalizeResource('User', bad));
      expect(err.status).toBe(400);
      expect(err.scimType).toBe('invalidSyntax');
    }
  });

  it('never mutates the input', () => {
    const body = { USERNAME: 'a', emails: [{ value: '1', primary: true }, { value: '2', primary: true }], title: null };
    const copy = structuredClone(body);
    const out = normalizeResource('User', body);
    expect(body).toEqual(copy);
    expect(out.emails).not.toBe(body.emails);
  });
});

describe('normalizeResource: required and immutable', () => {
  it('requires userName for users and displayName for groups', () => {
    for (const body of [{}, { userName: null }, { userName: '   ' }]) {
      const err = errorOf(() => normalizeResource('User', body));
      expect(err.status).toBe(400);
      expect(err.scimType).toBe('invalidValue');
      expect(err.detail).toBe('Attribute userName is required');
    }
    expect(errorOf(() => normalizeResource('Group', { members: [] })).detail).toBe('Attribute displayName is required');
  });

  it('rejects a change to an immutable attribute and carries over an omitted one', () => {
    const def = attr('hireDate', 'dateTime', { mutability: 'immutable' });
    enterpriseUserSchema.attributes.push(def);
    try {
      const existing = { schemas: [USER_SCHEMA, ENT], id: '1', userName: 'a', [ENT]: { hireDate: '2020-01-01T00:00:00Z' } };
      const err = errorOf(() => normalizeResource('User', { userName: 'a', [ENT]: { hireDate: '2021-01-01T00:00:00Z' } }, { existing }));
      expect(err.status).toBe(400);
      expect(err.scimType).toBe('mutability');
      expect(err.detail).toContain('hireDate');
      expect(normalizeResource('User', { userName: 'a', [ENT]: { hireDate: '2020-01-01T00:00:00Z' } }, { existing })[ENT]).toEqual({
        hireDate: '2020-01-01T00:00:00Z',
      });
      expect(normalizeResource('User', { userName: 'b' }, { existing })[ENT]).toEqual({ hireDate: '2020-01-01T00:00:00Z' });
      // Not yet set: any value is accepted.
      expect(normalizeResource('User', { userName: 'a', [ENT]: { hireDate: '2021-01-01T00:00:00Z' } }, { existing: { userName: 'a' } })[ENT]).toEqual({
        hireDate: '2021-01-01T00:00:00Z',
      });
      expect(errorOf(() => normalizeResource('User', { userName: 'a', [ENT]: { hireDate: 'yesterday' } })).detail).toContain('hireDate');
    } finally {
      enterpriseUserSchema.attributes.splice(enterpriseUserSchema.attributes.indexOf(def), 1);
    }
  });
});
