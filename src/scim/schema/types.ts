/** RFC 7643 §7 attribute characteristics: the rules every incoming and outgoing value is checked against. */
export interface AttributeDef {
  name: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

/** RFC 7643 §7 schema: a URN and its attributes, served at /Schemas. */
export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

/** The two resource types scimkit serves. */
export type ResourceKind = 'User' | 'Group';

/** RFC 7643 §6 resource type: endpoint, core schema and extensions, served at /ResourceTypes. */
export interface ResourceTypeDef {
  name: ResourceKind;
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions: { schema: string; required: boolean }[];
}

/** One SCIM resource as JSON, the shape that flows between the HTTP layer, the SCIM core and the store. */
export type ScimResource = Record<string, unknown>;
