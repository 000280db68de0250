import { scimError } from '../errors.js';
import type { AttrPath, Filter } from '../filter/ast.js';
import { validateValueFilter } from '../filter/evaluate-filter.js';
import { parsePatchPath } from '../filter/parse-filter.js';
import { extensionUrnOf, resolveAttrPath, resolveSubAttr } from '../schema/registry.js';
import type { AttributeDef, ResourceKind } from '../schema/types.js';
import { isPlainObject, type JsonObject } from './patch-json.js';

/** What one PATCH operation points at, resolved against the schema to canonical names. */
export interface PatchTarget {
  /** The top-level attribute. */
  def: AttributeDef;
  /** The extension URN whose object holds the attribute; undefined for core and common attributes. */
  urn?: string;
  /** The sub-attribute (`name.familyName`, or `.value` after a value filter). */
  sub?: AttributeDef;
  /** The value filter in brackets (`emails[type eq "work"]`). */
  filter?: Filter;
}

/** A path resolved for PATCH: an attribute, a whole extension object, or `schemas` (which PATCH ignores). */
export type ResolvedPatchPath = { kind: 'attr'; target: PatchTarget } | { kind: 'extension'; urn: string } | { kind: 'schemas' };

/** Resolves an attribute path written by a client (any case, dotted, URN-qualified) to a target, or undefined if no schema defines it. */
export function targetOf(kind: ResourceKind, path: AttrPath, subName = path.sub): PatchTarget | undefined {
  const resolved = resolveAttrPath(kind, { ...(path.uri !== undefined ? { uri: path.uri } : {}), attr: path.attr });
  if (!resolved) return undefined;
  const target: PatchTarget = { def: resolved.def, ...(resolved.extension ? { urn: resolved.schema } : {}) };
  if (subName === undefined) return target;
  const sub = resolveSubAttr(resolved.def, subName);
  return sub ? { ...target, sub } : undefined;
}

/** Parses and resolves a PATCH `path`; unknown attributes and malformed paths are 400 invalidPath. */
export function resolvePatchPath(kind: ResourceKind, text: string): ResolvedPatchPath {
  if (text.toLowerCase() === 'schemas') return { kind: 'schemas' };
  const urn = extensionUrnOf(kind, text);
  if (urn) return { kind: 'extension', urn };
  const pp = parsePatchPath(text);
  if (pp.filter && pp.path.sub !== undefined) throw scimError.invalidPath(`"${text}": a value filter must follow the attribute, not a sub-attribute.`);
  const target = targetOf(kind, pp.path, pp.subAfterFilter ?? pp.path.sub);
  if (!target) throw scimError.invalidPath(`"${text}" is not an attribute of ${kind}.`);
  if (pp.filter) {
    if (!target.def.multiValued) throw scimError.invalidPath(`"${text}": value filters apply only to multi-valued attributes.`);
    validateValueFilter(target.def, pp.filter); // a filter that cannot mean anything fails even when nothing is stored yet
    target.filter = pp.filter;
  }
  return { kind: 'attr', target };
}

/** The object an attribute lives in: the resource itself, or its extension object (created on demand when `create`). */
export function containerOf(doc: JsonObject, urn: string | undefined, create: boolean): JsonObject | undefined {
  if (urn === undefined) return doc;
  const existing = doc[urn];
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  const fresh: JsonObject = {};
  doc[urn] = fresh;
  return fresh;
}

/** Drops an extension object left empty by a remove, so `{ "urn:…:User": {} }` never reaches the store. */
export function pruneContainer(doc: JsonObject, urn: string | undefined): void {
  if (urn !== undefined && isPlainObject(doc[urn]) && Object.keys(doc[urn] as JsonObject).length === 0) delete doc[urn];
}
