import { attr } from './attribute.js';
import type { SchemaDef } from './types.js';

/** URN of the RFC 7643 §4.2 core Group schema. */
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** RFC 7643 §4.2 core Group schema. */
export const groupSchema: SchemaDef = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', {
      required: true,
      uniqueness: 'server',
      description: 'A human-readable name for the Group; unique per tenant (case-insensitive), as Entra ID and Okta match groups by it.',
    }),
    attr('members', 'complex', {
      multiValued: true,
      description: 'A list of members of the Group.',
      subAttributes: [
        attr('value', 'string', { mutability: 'immutable', description: 'Identifier of the member of this Group.' }),
        attr('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'], description: 'The URI of the member.' }),
        attr('display', 'string', { mutability: 'readOnly', description: 'The display name of the member.' }),
        attr('type', 'string', { mutability: 'immutable', canonicalValues: ['User', 'Group'], description: 'User or Group.' }),
      ],
    }),
  ],
};
