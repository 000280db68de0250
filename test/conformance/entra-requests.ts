// What the Entra ID conformance files share: the wire encoding of filters, the tutorial's request bodies,
// and the response checks Entra's provisioning service relies on.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { ENTERPRISE, USER } from '../support/scim-bodies.js';

/** ListResponse message URN. */
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** Error message URN. */
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A filter as Entra puts it on the wire: `userName+eq+%22x%22` (GH MicrosoftDocs/azure-docs#11784). */
export const q = (filter: string) => encodeURIComponent(filter).replace(/%20/g, '+');

/** The tutorial's "Create User" request body, with fresh names so every test owns its user, plus optional extras. */
export function createUserBody(extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId: randomUUID(),
    userName: `Test_User_${randomUUID()}`,
    active: true,
    emails: [{ primary: true, type: 'work', value: `Test_User_${randomUUID()}@testuser.com` }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
    ...extra,
  };
}

/** The response carries the SCIM media type. */
export function expectScimJson(r: { headers: Headers }) {
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
}

/** A 200 ListResponse holding exactly `total` resources, all on its first page. */
export function expectListResponse(r: { status: number; headers: Headers; body: any }, total: number) {
  expect(r.status).toBe(200);
  expectScimJson(r);
  expect(r.body).toMatchObject({ schemas: [LIST], totalResults: total, startIndex: 1, itemsPerPage: total });
  expect(Array.isArray(r.body.Resources)).toBe(true);
  expect(r.body.Resources).toHaveLength(total);
}

/** An RFC 7644 §3.12 error body with this status (and scimType, when given). */
export function expectScimError(r: { status: number; headers: Headers; body: any }, status: number, scimType?: string) {
  expect(r.status).toBe(status);
  expectScimJson(r);
  expect(r.body.schemas).toEqual([ERROR]);
  expect(r.body.status).toBe(String(status));
  expect(typeof r.body.detail).toBe('string');
  if (scimType) expect(r.body.scimType).toBe(scimType);
}
