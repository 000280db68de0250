import { describe, it, expect } from 'vitest';
import {
  LIST_RESPONSE_SCHEMA,
  resourceTypeById,
  resourceTypesList,
  schemaById,
  schemasList,
  serviceProviderConfig,
} from './discovery.js';
import { ENTERPRISE_USER_SCHEMA } from './schema/enterprise-user-schema.js';
import { GROUP_SCHEMA } from './schema/group-schema.js';
import { USER_SCHEMA } from './schema/user-schema.js';

const BASE = 'https://scim.example.com/t/acme/scim/v2/';
const ROOT = 'https://scim.example.com/t/acme/scim/v2';

type Attr = { name: string; subAttributes?: Attr[]; [k: string]: unknown };

describe('serviceProviderConfig', () => {
  const spc = serviceProviderConfig(BASE, { maxOperations: 1000, maxPayloadSize: 1_048_576, maxResults: 200 });

  it('advertises RFC 7643 §5 features with the tenant limits', () => {
    expect(spc).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: 'ServiceProviderConfig', location: `${ROOT}/ServiceProviderConfig` },
    });
  });

  it('has one primary oauthbearertoken authentication scheme', () => {
    const schemes = spc.authenticationSchemes as Record<string, unknown>[];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]).toMatchObject({ type: 'oauthbearertoken', primary: true });
    expect(typeof schemes[0]!.name).toBe('string');
    expect(typeof schemes[0]!.description).toBe('string');
  });

  it('advertises RFC 9865 pagination with index as the default', () => {
    expect(spc.pagination).toEqual({
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: 100,
      maxPageSize: 200,
      cursorTimeout: 3600,
    });
    const custom = serviceProviderConfig(BASE, { maxOperations: 1, maxPayloadSize: 1, maxResults: 50, defaultPageSize: 25, cursorTimeout: 600 });
    expect(custom.pagination).toMatchObject({ defaultPageSize: 25, maxPageSize: 50, cursorTimeout: 600 });
  });
});

describe('schemas', () => {
  it('lists every schema in a ListResponse', () => {
    const list = schemasList(BASE);
    expect(list.schemas).toEqual([LIST_RESPONSE_SCHEMA]);
    expect(list.totalResults).toBe(3);
    expect(list.itemsPerPage).toBe(3);
    expect(list.startIndex).toBe(1);
    expect(list.Resources.map((r) => r.id).sort()).toEqual([ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA].sort());
  });

  it('represents a schema per RFC 7643 §7 without the common attributes', () => {
    const s = schemaById(BASE, USER_SCHEMA)!;
    expect(s).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: USER_SCHEMA,
      name: 'User',
      meta: { resourceType: 'Schema', location: `${ROOT}/Schemas/${USER_SCHEMA}` },
    });
    const attrs = s.attributes as Attr[];
    const names = attrs.map((a) => a.name);
    expect(names).toContain('userName');
    expect(names).not.toContain('id');
    expect(names).not.toContain('externalId');
    expect(names).not.toContain('meta');
    expect(attrs.find((a) => a.name === 'userName')).toEqual({
      name: 'userName',
      type: 'string',
      multiValued: false,
      description: expect.any(String),
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(attrs.find((a) => a.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    const emails = attrs.find((a) => a.name === 'emails')!;
    expect(emails.subAttributes!.find((a) => a.name === 'type')).toMatchObject({ canonicalValues: ['work', 'home', 'other'] });
  });

  it('keeps referenceTypes and readOnly sub-attributes', () => {
    const ent = schemaById(BASE, ENTERPRISE_USER_SCHEMA)!;
    const manager = (ent.attributes as Attr[]).find((a) => a.name === 'manager')!;
    expect(manager.subAttributes!.find((a) => a.name === '$ref')).toMatchObject({ type: 'reference', referenceTypes: ['User'] });
    expect(manager.subAttributes!.find((a) => a.name === 'displayName')).toMatchObject({ mutability: 'readOnly' });
  });

  it('finds schemas case-insensitively and returns undefined for unknown ids', () => {
    expect(schemaById(BASE, GROUP_SCHEMA.toUpperCase())?.id).toBe(GROUP_SCHEMA);
    expect(schemaById(BASE, 'urn:nope')).toBeUndefined();
  });
});

describe('resource types', () => {
  it('lists User and Group in a ListResponse', () => {
    const list = resourceTypesList(BASE);
    expect(list).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    expect(list.Resources.map((r) => r.name)).toEqual(['User', 'Group']);
  });

  it('represents a resource type per RFC 7643 §6', () => {
    expect(resourceTypeById(BASE, 'User')).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${ROOT}/ResourceTypes/User` },
    });
    expect(resourceTypeById(BASE, 'group')?.schema).toBe(GROUP_SCHEMA);
    expect(resourceTypeById(BASE, 'Device')).toBeUndefined();
  });
});
