import { resourceTypes, schemas } from './schema/registry.js';
import type { AttributeDef, ResourceTypeDef, SchemaDef } from './schema/types.js';

/** URN of RFC 7644 §3.4.2 list responses, used by /Schemas and /ResourceTypes. */
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** URN of the RFC 7643 §5 ServiceProviderConfig resource. */
export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
/** URN of the RFC 7643 §7 Schema resource. */
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
/** URN of the RFC 7643 §6 ResourceType resource. */
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

/** A tenant's limits as advertised in /ServiceProviderConfig; the optional ones default from maxResults. */
export interface DiscoveryLimits {
  maxOperations: number;
  maxPayloadSize: number;
  maxResults: number;
  /** RFC 9865 defaultPageSize; default min(100, maxResults). */
  defaultPageSize?: number;
  /** RFC 9865 maxPageSize; default maxResults. */
  maxPageSize?: number;
  /** RFC 9865 cursorTimeout in seconds; default 3600. */
  cursorTimeout?: number;
}

/** An RFC 7644 §3.4.2 ListResponse body. */
export interface ListResponse<T> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
  Resources: T[];
}

/** The tenant base URL without a trailing slash, so `${base}/Schemas` never has `//`. */
function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

function listResponse<T>(items: T[]): ListResponse<T> {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults: items.length, itemsPerPage: items.length, startIndex: 1, Resources: items };
}

/** The RFC 7643 §5 ServiceProviderConfig body, with the RFC 9865 `pagination` advertisement. */
export function serviceProviderConfig(baseUrl: string, limits: DiscoveryLimits): Record<string, unknown> {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: true, maxOperations: limits.maxOperations, maxPayloadSize: limits.maxPayloadSize },
    filter: { supported: true, maxResults: limits.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      // RFC 9865 §4: a provider with both must name a default; index is what Entra and Okta use.
      defaultPaginationMethod: 'index',
      defaultPageSize: limits.defaultPageSize ?? Math.min(100, limits.maxResults),
      maxPageSize: limits.maxPageSize ?? limits.maxResults,
      cursorTimeout: limits.cursorTimeout ?? 3600,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token issued by scimkit for this tenant.',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${trimBase(baseUrl)}/ServiceProviderConfig` },
  };
}

/** One attribute in the RFC 7643 §7 representation, optional characteristics only when set. */
function attributeJson(a: AttributeDef): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attributeJson) } : {}),
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    ...(a.canonicalValues ? { canonicalValues: [...a.canonicalValues] } : {}),
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.referenceTypes ? { referenceTypes: [...a.referenceTypes] } : {}),
  };
}

/** One schema as served at /Schemas/{id} (RFC 7643 §7, §8.7); id/externalId/meta are not listed in it. */
function schemaJson(base: string, s: SchemaDef): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map(attributeJson),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
  };
}

/** One resource type as served at /ResourceTypes/{name} (RFC 7643 §6). */
function resourceTypeJson(base: string, rt: ResourceTypeDef): Record<string, unknown> {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema,
    schemaExtensions: rt.schemaExtensions.map((e) => ({ schema: e.schema, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${rt.name}` },
  };
}

/** GET /Schemas: every schema scimkit serves, as a ListResponse. */
export function schemasList(baseUrl: string): ListResponse<Record<string, unknown>> {
  const base = trimBase(baseUrl);
  return listResponse([...schemas.values()].map((s) => schemaJson(base, s)));
}

/** GET /Schemas/{id}: one schema by URN (case-insensitive), or undefined for the route's 404. */
export function schemaById(baseUrl: string, id: string): Record<string, unknown> | undefined {
  const lower = id.toLowerCase();
  const s = [...schemas.values()].find((x) => x.id.toLowerCase() === lower);
  return s && schemaJson(trimBase(baseUrl), s);
}

/** GET /ResourceTypes: User and Group, as a ListResponse. */
export function resourceTypesList(baseUrl: string): ListResponse<Record<string, unknown>> {
  const base = trimBase(baseUrl);
  return listResponse(Object.values(resourceTypes).map((rt) => resourceTypeJson(base, rt)));
}

/** GET /ResourceTypes/{name}: one resource type by name (case-insensitive), or undefined for the route's 404. */
export function resourceTypeById(baseUrl: string, name: string): Record<string, unknown> | undefined {
  const lower = name.toLowerCase();
  const rt = Object.values(resourceTypes).find((x) => x.name.toLowerCase() === lower);
  return rt && resourceTypeJson(trimBase(baseUrl), rt);
}
