/** The PatchOp message URN every PATCH body carries. */
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** Core User schema URN. */
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Core Group schema URN. */
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Enterprise User extension URN. */
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A PatchOp body from a list of operations. */
export function patch(...ops: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: ops };
}
