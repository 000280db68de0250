import type { AttrPath } from '../filter/ast.js';
import { commonAttributes } from './common-attributes.js';
import { ENTERPRISE_USER_SCHEMA, enterpriseUserSchema } from './enterprise-user-schema.js';
import { GROUP_SCHEMA, groupSchema } from './group-schema.js';
import type { AttributeDef, ResourceKind, ResourceTypeDef, SchemaDef } from './types.js';
import { USER_SCHEMA, userSchema } from './user-schema.js';

/** The resource types scimkit serves, keyed by name; the source of /ResourceTypes. */
export const resourceTypes: Record<ResourceKind, ResourceTypeDef> = {
  User: {
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
  },
  Group: {
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: GROUP_SCHEMA,
    schemaExtensions: [],
  },
};

/** Every schema scimkit knows, keyed by URN; the source of /Schemas. */
export const schemas: Map<string, SchemaDef> = new Map(
  [userSchema, enterpriseUserSchema, groupSchema].map((s) => [s.id, s]),
);

/** An attribute path resolved against the schemas: its definitions and where its value lives in a resource's JSON. */
export interface ResolvedAttr {
  /** URN of the schema that defines the attribute ('' for id, externalId, meta). */
  schema: string;
  /** True when the attribute belongs to an extension schema and so sits under the URN key in JSON. */
  extension: boolean;
  def: AttributeDef;
  /** The sub-attribute definition for `name.givenName`-style paths. */
  sub?: AttributeDef;
  /** Canonical JSON keys from the resource root: `['name','givenName']`, `[urn,'manager','value']`. */
  jsonPath: string[];
}

function findAttr(list: AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return list?.find((a) => a.name.toLowerCase() === lower);
}

/** The schema URNs a resource of this kind may carry: its core schema first, then its extensions. */
export function schemaUrnsOf(kind: ResourceKind): string[] {
  const rt = resourceTypes[kind];
  return [rt.schema, ...rt.schemaExtensions.map((e) => e.schema)];
}

/** Finds the extension URN a key names, case-insensitively (`urn:…:enterprise:2.0:user` is the enterprise extension). */
export function extensionUrnOf(kind: ResourceKind, key: string): string | undefined {
  const lower = key.toLowerCase();
  return resourceTypes[kind].schemaExtensions.find((e) => e.schema.toLowerCase() === lower)?.schema;
}

/**
 * Resolves a path as written by a client (any case, URN-qualified or not) to the schema's definitions.
 * Unqualified names are looked up in the common attributes, then the core schema, then the extensions
 * (RFC 7643 §2.1 and §3.3). Returns undefined for a name no schema defines.
 */
export function resolveAttrPath(kind: ResourceKind, path: AttrPath): ResolvedAttr | undefined {
  const rt = resourceTypes[kind];
  const candidates: { urn: string; attrs: AttributeDef[]; extension: boolean }[] = [];
  if (path.uri !== undefined) {
    const uri = path.uri.toLowerCase();
    if (uri === rt.schema.toLowerCase()) {
      candidates.push({ urn: rt.schema, attrs: [...commonAttributes, ...schemas.get(rt.schema)!.attributes], extension: false });
    } else {
      const ext = extensionUrnOf(kind, path.uri);
      if (!ext) return undefined;
      candidates.push({ urn: ext, attrs: schemas.get(ext)!.attributes, extension: true });
    }
  } else {
    candidates.push({ urn: '', attrs: commonAttributes, extension: false });
    candidates.push({ urn: rt.schema, attrs: schemas.get(rt.schema)!.attributes, extension: false });
    for (const e of rt.schemaExtensions) candidates.push({ urn: e.schema, attrs: schemas.get(e.schema)!.attributes, extension: true });
  }
  for (const c of candidates) {
    const def = findAttr(c.attrs, path.attr);
    if (!def) continue;
    const base = c.extension ? [c.urn, def.name] : [def.name];
    if (path.sub === undefined) return { schema: c.urn, extension: c.extension, def, jsonPath: base };
    const sub = findAttr(def.subAttributes, path.sub);
    if (!sub) return undefined;
    return { schema: c.urn, extension: c.extension, def, sub, jsonPath: [...base, sub.name] };
  }
  return undefined;
}

/** Resolves a sub-attribute name inside a complex attribute, for value filters like `emails[type eq "work"]`. */
export function resolveSubAttr(parent: AttributeDef, name: string): AttributeDef | undefined {
  return findAttr(parent.subAttributes, name);
}

/** The definition that governs a resolved path's values (the sub-attribute's when there is one). */
export function leafDef(r: ResolvedAttr): AttributeDef {
  return r.sub ?? r.def;
}
