import { normalizeResource } from '../../src/scim/resource/normalize-resource.js';
import type { ScimResource } from '../../src/scim/schema/types.js';

/** A canonical user document as the HTTP layer would hand it to the store. */
export function userDoc(userName: string, extra: Record<string, unknown> = {}): ScimResource {
  return normalizeResource('User', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, ...extra });
}

/** A canonical group document. */
export function groupDoc(displayName: string, extra: Record<string, unknown> = {}): ScimResource {
  return normalizeResource('Group', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, ...extra });
}
