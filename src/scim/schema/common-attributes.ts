import { attr } from './attribute.js';
import type { AttributeDef } from './types.js';

/** RFC 7643 §3.1 attributes every resource has (id, externalId, meta), outside any schema's attribute list. */
export const commonAttributes: AttributeDef[] = [
  attr('id', 'string', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
    description: 'Unique identifier for the resource, assigned by the service provider.',
  }),
  attr('externalId', 'string', {
    caseExact: true,
    description: 'An identifier for the resource as defined by the provisioning client.',
  }),
  attr('meta', 'complex', {
    mutability: 'readOnly',
    description: 'Resource metadata.',
    subAttributes: [
      attr('resourceType', 'string', { caseExact: true, mutability: 'readOnly', description: 'The name of the resource type.' }),
      attr('created', 'dateTime', { mutability: 'readOnly', description: 'When the resource was added.' }),
      attr('lastModified', 'dateTime', { mutability: 'readOnly', description: 'When the resource was last updated.' }),
      attr('location', 'reference', { caseExact: true, mutability: 'readOnly', description: 'The URI of the resource.' }),
      attr('version', 'string', { caseExact: true, mutability: 'readOnly', description: 'The version (ETag) of the resource.' }),
    ],
  }),
];
