import type { AttrPath } from '../filter/ast.js';
import { parseAttrPath } from '../filter/parse-filter.js';
import { attr } from '../schema/attribute.js';
import { commonAttributes } from '../schema/common-attributes.js';
import { resolveAttrPath, resourceTypes, schemas } from '../schema/registry.js';
import type { AttributeDef, ResourceKind, ScimResource } from '../schema/types.js';
import { findSubAttr, isJsonObject } from './coerce-value.js';
import { canonicalExtensionUrn } from './normalize-resource.js';

/** The `attributes` / `excludedAttributes` query parameters of RFC 7644 §3.4.2.5, parsed. */
export interface AttrSelection {
  attributes?: AttrPath[];
  excludedAttributes?: AttrPath[];
}

/**
 * Parses a comma-separated `attributes=` / `excludedAttributes=` value; undefined when absent or empty.
 * A malformed name (not an unknown one) is a 400 invalidPath from parseAttrPath.
 */
export function parseAttributeList(csv: string | undefined): AttrPath[] | undefined {
  if (csv === undefined) return undefined;
  const names = csv.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return names.length > 0 ? names.map(parseAttrPath) : undefined;
}

/** A selection resolved against the schemas: whole extensions named, and per attribute the sub-attributes named. */
interface Compiled {
  wholeExt: Set<string>;
  /** Key `scope\0name` (scope '' for core and common); 'all' when the attribute itself was named. */
  attrs: Map<string, 'all' | Set<string>>;
}

const keyOf = (scope: string, name: string) => `${scope}\0${name}`;

function compile(kind: ResourceKind, paths: AttrPath[] | undefined): Compiled | undefined {
  if (!paths || paths.length === 0) return undefined;
  const c: Compiled = { wholeExt: new Set(), attrs: new Map() };
  for (const p of paths) {
    // A whole extension URN may arrive split as uri + attr (`…:2.0` + `User`) or as one name.
    const text = `${p.uri !== undefined ? `${p.uri}:` : ''}${p.attr}${p.sub !== undefined ? `.${p.sub}` : ''}`;
    const urn = canonicalExtensionUrn(kind, text) ?? (p.uri !== undefined && p.attr === '' ? canonicalExtensionUrn(kind, p.uri) : undefined);
    if (urn) {
      c.wholeExt.add(urn);
      continue;
    }
    const r = resolveAttrPath(kind, p);
    if (!r) continue; // unknown names are ignored
    const key = keyOf(r.extension ? r.schema : '', r.def.name);
    const cur = c.attrs.get(key);
    if (!r.sub) c.attrs.set(key, 'all');
    else if (cur === undefined) c.attrs.set(key, new Set([r.sub.name]));
    else if (cur !== 'all') cur.add(r.sub.name);
  }
  return c;
}

/** Which sub-attributes of a returned attribute survive; undefined when the attribute is not returned at all. */
type Verdict = undefined | ((sub: AttributeDef) => boolean);

/** RFC 7643 §7 `returned` combined with RFC 7644 §3.4.2.5 `attributes` / `excludedAttributes` for one attribute. */
function verdict(def: AttributeDef, scope: string, inc: Compiled | undefined, exc: Compiled | undefined): Verdict {
  const subKeep = (sub: AttributeDef, picked: 'all' | Set<string>, excluded?: Set<string>): boolean => {
    if (sub.returned === 'never') return false;
    if (sub.returned === 'always') return true;
    if (picked !== 'all') return picked.has(sub.name);
    return sub.returned !== 'request' && !excluded?.has(sub.name);
  };
  if (def.returned === 'never') return undefined;
  if (def.returned === 'always') return (sub) => subKeep(sub, 'all');
  const key = keyOf(scope, def.name);
  let picked: 'all' | Set<string> = 'all';
  if (inc) {
    const named = scope !== '' && inc.wholeExt.has(scope) ? 'all' : inc.attrs.get(key);
    if (!named) return undefined;
    picked = named;
  } else if (def.returned === 'request') return undefined;
  const ex = exc?.attrs.get(key);
  if (exc && ((scope !== '' && exc.wholeExt.has(scope)) || ex === 'all')) return undefined;
  return (sub) => subKeep(sub, picked, ex === 'all' ? undefined : ex);
}

/** Applies a verdict's sub-attribute filter to a value (each element of a multi-valued one). */
function applySubs(def: AttributeDef, value: unknown, keep: (sub: AttributeDef) => boolean): unknown {
  const one = (v: unknown): unknown => {
    if (!isJsonObject(v) || def.type !== 'complex') return structuredClone(v);
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const sub = findSubAttr(def, k) ?? attr(k, 'string');
      if (keep(sub)) o[k] = structuredClone(x);
    }
    return Object.keys(o).length > 0 ? o : undefined;
  };
  if (!Array.isArray(value)) return one(value);
  const list = value.map(one).filter((x) => x !== undefined);
  return list.length > 0 ? list : undefined;
}

function findDef(defs: AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return defs.find((d) => d.name.toLowerCase() === lower);
}

/** Projects one schema's attributes of `src` into a new object. Keys no schema defines count as returned default. */
function projectScope(defs: AttributeDef[], src: Record<string, unknown>, scope: string, inc?: Compiled, exc?: Compiled): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    const def = findDef(defs, k) ?? attr(k, 'string');
    const keep = verdict(def, scope, inc, exc);
    if (!keep) continue;
    const x = applySubs(def, v, keep);
    if (x !== undefined) out[k] = x;
  }
  return out;
}

/**
 * Shapes a stored resource for a response per RFC 7644 §3.4.2.5 and RFC 7643 §7 `returned`: `never`
 * attributes (password) are always removed, `always` ones (id, schemas) always kept, `request` ones only when
 * named. Returns a new object whose `schemas` lists the core schema and the extensions still present; it
 * never mutates the input, but without a selection it may share nested values with it (responses are built
 * from a freshly read document, so copying them again would only cost time).
 */
export function projectResource(kind: ResourceKind, resource: ScimResource, sel: AttrSelection = {}): ScimResource {
  if (!sel.attributes?.length && !sel.excludedAttributes?.length) return defaultProjection(kind, resource);
  const rt = resourceTypes[kind];
  const inc = compile(kind, sel.attributes);
  const exc = compile(kind, sel.excludedAttributes);
  const coreDefs = [...commonAttributes, ...schemas.get(rt.schema)!.attributes];
  const core: Record<string, unknown> = {};
  const exts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (k.toLowerCase() === 'schemas') continue;
    const urn = canonicalExtensionUrn(kind, k);
    if (!urn) {
      core[k] = v;
      continue;
    }
    if (!isJsonObject(v)) continue;
    const projected = projectScope(schemas.get(urn)!.attributes, v, urn, inc, exc);
    if (Object.keys(projected).length > 0) exts[urn] = projected;
  }
  return {
    schemas: [rt.schema, ...Object.keys(exts)],
    ...projectScope(coreDefs, core, '', inc, exc),
    ...exts,
  };
}

/**
 * Whether a top-level attribute (e.g. `members`, `groups`) would appear in the response at all, so the
 * storage layer can skip loading it (Entra reads groups with `excludedAttributes=members`).
 */
export function wantsAttribute(kind: ResourceKind, sel: AttrSelection, name: string): boolean {
  const p = parseAttrPath(name);
  const r = resolveAttrPath(kind, p);
  if (!r) return false;
  return verdict(r.def, r.extension ? r.schema : '', compile(kind, sel.attributes), compile(kind, sel.excludedAttributes)) !== undefined;
}

// Names (lower-cased, per scope) that a response without attributes/excludedAttributes leaves out:
// RFC 7643 `returned: never` and `returned: request`. Computed once per resource type.
const hiddenByDefault = new Map<ResourceKind, Map<string, Set<string>>>();

function hiddenNames(kind: ResourceKind): Map<string, Set<string>> {
  let m = hiddenByDefault.get(kind);
  if (!m) {
    m = new Map();
    const rt = resourceTypes[kind];
    const scopes: [string, AttributeDef[]][] = [
      ['', [...commonAttributes, ...schemas.get(rt.schema)!.attributes]],
      ...rt.schemaExtensions.map((e): [string, AttributeDef[]] => [e.schema, schemas.get(e.schema)!.attributes]),
    ];
    for (const [scope, defs] of scopes) {
      const hidden = new Set(defs.filter((d) => d.returned === 'never' || d.returned === 'request').map((d) => d.name.toLowerCase()));
      // A sub-attribute that is hidden by default would need the full path; none of the schemas has one.
      if (defs.some((d) => d.subAttributes?.some((x) => x.returned === 'never' || x.returned === 'request'))) throw new Error('projection fast path needs sub-attribute rules');
      m.set(scope, hidden);
    }
    hiddenByDefault.set(kind, m);
  }
  return m;
}

/** The attribute names (canonical case) a response without attributes/excludedAttributes leaves out, e.g. `password`. */
export function hiddenByDefaultNames(kind: ResourceKind): string[] {
  const rt = resourceTypes[kind];
  const defs = [...commonAttributes, ...schemas.get(rt.schema)!.attributes, ...rt.schemaExtensions.flatMap((e) => schemas.get(e.schema)!.attributes)];
  return defs.filter((d) => d.returned === 'never' || d.returned === 'request').map((d) => d.name);
}

/**
 * The common case (no attributes/excludedAttributes): the same result as the general path, without
 * walking every value — only `never` and `request` attributes are dropped and `schemas` is rebuilt.
 */
function defaultProjection(kind: ResourceKind, resource: ScimResource): ScimResource {
  const hidden = hiddenNames(kind);
  const rt = resourceTypes[kind];
  const core: Record<string, unknown> = {};
  const exts: Record<string, unknown> = {};
  const coreHidden = hidden.get('')!;
  for (const [k, v] of Object.entries(resource)) {
    const lower = k.toLowerCase();
    if (lower === 'schemas') continue;
    const urn = lower.startsWith('urn:') ? canonicalExtensionUrn(kind, k) : undefined;
    if (!urn) {
      if (!coreHidden.has(lower) && v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) core[k] = v;
      continue;
    }
    if (!isJsonObject(v)) continue;
    const extHidden = hidden.get(urn) ?? new Set<string>();
    const kept = Object.fromEntries(Object.entries(v).filter(([name, x]) => !extHidden.has(name.toLowerCase()) && x !== undefined && x !== null));
    if (Object.keys(kept).length > 0) exts[urn] = kept;
  }
  return { schemas: [rt.schema, ...Object.keys(exts)], ...core, ...exts };
}
