import { isScimError } from '../../scim/errors.js';
import type { CompValue, Filter } from '../../scim/filter/ast.js';
import { formatCompValue, formatFilter } from '../../scim/filter/format-filter.js';
import { parsePatchPath } from '../../scim/filter/parse-filter.js';
import { resolveAttrPath, resolveSubAttr } from '../../scim/schema/registry.js';
import type { AttributeDef, ResourceKind } from '../../scim/schema/types.js';
import { MAX_EXPRESSION_LENGTH, expressionError } from './mapping-errors.js';
import type { MappingPath, ValueSelector } from './mapping-path.js';

const KINDS: ResourceKind[] = ['User', 'Group'];

/** The SCIM core reports 1-based positions; mapping errors use 0-based offsets like the expression parser. */
function fromScimDetail(text: string, detail: string): never {
  const body = detail.replace(/^Invalid path: /, '').replace(/\.$/, '');
  const first = /position (\d+)/.exec(body);
  const detailText = body.replace(/position (\d+)/g, (_m, n: string) => `position ${Number(n) - 1}`);
  const expected = /expected (.+?)(?: to close .*?)?(?:, found .*)?$/.exec(detailText)?.[1];
  throw expressionError.invalidPath(text, first ? Number(first[1]) - 1 : 0, detailText, expected ?? 'a SCIM attribute path such as emails[type eq "work"].value');
}

/** The one value-filter form mappings accept: `[sub eq literal]`; anything else names what was found. */
function selectorOf(text: string, filter: Filter): ValueSelector {
  const at = text.indexOf('[') + 1;
  const expected = 'a value filter of the form [type eq "work"]';
  if (filter.kind !== 'compare' || filter.op !== 'eq') {
    throw expressionError.invalidPath(text, at, `mapping paths allow only "eq" value filters on a sub-attribute with a literal, found ${JSON.stringify(formatFilter(filter))}`, expected);
  }
  if (filter.value === null) throw expressionError.invalidPath(text, at, 'the value filter compares with null; use a string, number or boolean literal', expected);
  return { attr: filter.path.attr, value: filter.value };
}

/** Canonical spelling of a name known to scimkit's User or Group schema; the extension URN for an unqualified extension attribute. */
function canonicalize(path: Omit<MappingPath, 'text'>): Omit<MappingPath, 'text'> {
  for (const kind of KINDS) {
    const resolved = resolveAttrPath(kind, { ...(path.uri !== undefined ? { uri: path.uri } : {}), attr: path.attr });
    if (!resolved) continue;
    const def = resolved.def;
    const subName = (name: string | undefined) => (name === undefined ? undefined : (resolveSubAttr(def, name)?.name ?? name));
    const out: Omit<MappingPath, 'text'> = { ...(resolved.extension ? { uri: resolved.schema } : {}), attr: def.name };
    if (path.filter) {
      const filterDef = resolveSubAttr(def, path.filter.attr);
      out.filter = { attr: filterDef?.name ?? path.filter.attr, value: coerceLiteral(filterDef, path.filter.value) };
    }
    const sub = subName(path.sub);
    if (sub !== undefined) out.sub = sub;
    else if (isReference(def) && !path.filter) out.reference = true;
    return out;
  }
  return path;
}

/** `primary eq "True"` (Entra's spelling) compares with a boolean sub-attribute. */
function coerceLiteral(def: AttributeDef | undefined, value: string | number | boolean): string | number | boolean {
  if (def?.type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return value;
}

function isReference(def: AttributeDef): boolean {
  return def.type === 'complex' && !def.multiValued && def.subAttributes?.some((s) => s.name === 'value') === true;
}

/** Prints a mapping path canonically: parsing the result gives the same path back. */
export function formatMappingPath(path: Omit<MappingPath, 'text'>): string {
  const uri = path.uri !== undefined ? `${path.uri}:` : '';
  const filter = path.filter ? `[${path.filter.attr} eq ${formatCompValue(path.filter.value as CompValue)}]` : '';
  return `${uri}${path.attr}${filter}${path.sub !== undefined ? `.${path.sub}` : ''}`;
}

/**
 * Parses a mapping source or target name with the SCIM core's PATCH path parser. Throws an ExpressionError
 * (code invalidPath) naming the 0-based position and what was expected; only `[sub eq literal]` value filters are allowed.
 */
export function parseMappingPath(text: string): MappingPath {
  if (typeof text !== 'string') throw expressionError.invalidPath(String(text), 0, 'the path must be a string', 'a SCIM attribute path');
  if (text.length > MAX_EXPRESSION_LENGTH) throw expressionError.tooLong('attribute path', text.length);
  let parsed;
  try {
    parsed = parsePatchPath(text);
  } catch (err) {
    if (isScimError(err)) fromScimDetail(text, err.detail);
    throw err;
  }
  const raw: Omit<MappingPath, 'text'> = {
    ...(parsed.path.uri !== undefined ? { uri: parsed.path.uri } : {}),
    attr: parsed.path.attr,
    ...(parsed.filter ? { filter: selectorOf(text, parsed.filter) } : {}),
  };
  const sub = parsed.subAfterFilter ?? parsed.path.sub;
  if (sub !== undefined) raw.sub = sub;
  const path = canonicalize(raw);
  return { text: formatMappingPath(path), ...path };
}

/** True when the path names an attribute scimkit's schema defines for this kind (sub-attribute and filter included). */
export function isSchemaPath(kind: ResourceKind, path: MappingPath): boolean {
  const resolved = resolveAttrPath(kind, { ...(path.uri !== undefined ? { uri: path.uri } : {}), attr: path.attr });
  if (!resolved) return false;
  if (path.filter && (!resolved.def.multiValued || !resolveSubAttr(resolved.def, path.filter.attr))) return false;
  return path.sub === undefined || resolveSubAttr(resolved.def, path.sub) !== undefined;
}
