// Shared by the *.test.ts files of this folder only; not imported by production code.
import { expect } from 'vitest';
import { isScimError } from '../errors.js';
import { ENTERPRISE_USER_SCHEMA } from '../schema/enterprise-user-schema.js';
import { GROUP_SCHEMA } from '../schema/group-schema.js';
import type { ResourceKind, ScimResource } from '../schema/types.js';
import { USER_SCHEMA } from '../schema/user-schema.js';
import { applyPatch, type PatchResult } from './apply-patch.js';
import { PATCH_OP_SCHEMA, parsePatchRequest } from './patch-request.js';

/** The enterprise extension URN, short for tests. */
export const ENT = ENTERPRISE_USER_SCHEMA;

/** Freezes a value deeply, so a test fails if the engine mutates its input. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** A stored user as the store hands it to the engine (canonical keys), frozen. */
export function storedUser(extra: ScimResource = {}): ScimResource {
  return deepFreeze({
    schemas: [USER_SCHEMA, ENT],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'bjensen',
    userName: 'bjensen@example.com',
    name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', primary: true }],
    [ENT]: {
      employeeNumber: '701984',
      department: 'Tour Operations',
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
    },
    meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z', version: 'W/"3694e05e9dff591"' },
    ...extra,
  });
}

/** A user with only what Entra's POST sets, frozen. */
export function minimalUser(): ScimResource {
  return deepFreeze({ schemas: [USER_SCHEMA], id: 'u-min', userName: 'min@contoso.com', active: true, meta: { resourceType: 'User' } });
}

/** A stored group: no `members` key, because memberships live in their own table. */
export function storedGroup(): ScimResource {
  return deepFreeze({ schemas: [GROUP_SCHEMA], id: 'e9e30dba-f08f-4109-8486-d5c6a331660a', displayName: 'Tour Guides', meta: { resourceType: 'Group' } });
}

/** A PatchOp body around the given operations. */
export function body(...ops: unknown[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_SCHEMA], Operations: ops };
}

/** Runs a whole PATCH body the way the HTTP layer will: parse, then apply. */
export function patch(kind: ResourceKind, resource: ScimResource, ...ops: unknown[]): PatchResult {
  return applyPatch(kind, resource, parsePatchRequest(body(...ops)));
}

/** Asserts that `run` throws a ScimError with this status and scimType. */
export function expectScimError(run: () => unknown, status: number, scimType: string): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(isScimError(caught), `expected a ScimError, got ${String(caught)}`).toBe(true);
  expect({ status: (caught as { status: number }).status, scimType: (caught as { scimType: string }).scimType }).toEqual({ status, scimType });
}
