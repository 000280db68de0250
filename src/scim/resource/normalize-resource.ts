import { scimError } from '../errors.js';
import { MAX_INDEXED_LENGTH, MAX_RESOURCE_BYTES } from '../input-rules.js';
import type { AttrPath } from '../filter/ast.js';
import { commonAttributes } from '../schema/common-attributes.js';
import { extensionUrnOf, resolveAttrPath, resourceTypes, schemaUrnsOf, schemas } from '../schema/registry.js';
import type { AttributeDef, ResourceKind, ScimResource } from '../schema/types.js';
import { isJsonObject, jsonEqual, normalizeAttrValue } from './coerce-value.js';
import { assignWithout } from './copy-keys.js';

// Left out of the size limit of a stored document: members are rows of their own (checkLimits).
const MEMBERS = ['members'];

/** Options for normalizeResource: the stored resource when the input replaces one (PUT, PATCH result). */
export interface NormalizeOptions {
  existing?: ScimResource;
}

/**
 * Finds the canonical extension URN a JSON key names: any case, and also Entra's malformed
 * `…:enterprise:2.0User` (no colon before the resource name), which it sends in some POST bodies.
 */
export function canonicalExtensionUrn(kind: ResourceKind, key: string): string | undefined {
  const exact = extensionUrnOf(kind, key);
  if (exact) return exact;
  const lower = key.toLowerCase();
  return resourceTypes[kind].schemaExtensions.find((e) => e.schema.toLowerCase().replace(/:([^:]*)$/, '$1') === lower)?.schema;
}

/** Splits `name.givenName` into attribute and sub-attribute. */
function dotted(text: string, uri?: string): AttrPath {
  const i = text.indexOf('.');
  const base: AttrPath = i < 0 ? { attr: text } : { attr: text.slice(0, i), sub: text.slice(i + 1) };
  return uri === undefined ? base : Object.assign({ uri }, base);
}

/** Raw values gathered per schema ('' for core and common attributes), keyed by the canonical attribute name. */
type Bags = Map<string, Map<string, unknown>>;

function place(bags: Bags, kind: ResourceKind, path: AttrPath, value: unknown): void {
  const r = resolveAttrPath(kind, path);
  // Unknown names are ignored (RFC 7644 §3.3); unqualified top-level names never reach into an extension.
  if (!r || (r.extension && path.uri === undefined)) return;
  const scope = r.extension ? r.schema : '';
  let bag = bags.get(scope);
  if (!bag) bags.set(scope, (bag = new Map()));
  if (!r.sub) {
    bag.set(r.def.name, value);
    return;
  }
  if (r.def.multiValued) return; // `emails.value` as a key has no single target; the PATCH engine handles such paths.
  const cur = bag.get(r.def.name);
  bag.set(r.def.name, { ...(isJsonObject(cur) ? cur : {}), [r.sub.name]: value });
}

/** Sorts every top-level key of the input into per-schema bags, resolving names case-insensitively. */
function gather(kind: ResourceKind, input: Record<string, unknown>): Bags {
  const bags: Bags = new Map();
  const qualifiers = schemaUrnsOf(kind);
  for (const [key, value] of Object.entries(input)) {
    if (key.toLowerCase() === 'schemas') continue; // rebuilt from the data below
    const urn = canonicalExtensionUrn(kind, key);
    if (urn) {
      if (value === null || value === undefined) continue;
      if (!isJsonObject(value)) throw scimError.invalidValue(`Extension ${urn} must be a JSON object.`);
      for (const [k, v] of Object.entries(value)) place(bags, kind, dotted(k, urn), v);
      continue;
    }
    // Lenient: URN-qualified keys (`urn:…:enterprise:2.0:User:department`) at the top level.
    const q = qualifiers.find((u) => key.toLowerCase().startsWith(`${u.toLowerCase()}:`));
    place(bags, kind, q ? dotted(key.slice(q.length + 1), q) : dotted(key), value);
  }
  return bags;
}

/** Group members: every member needs a string value; the canonical shape is `{ value, type? }`, one per value. */
function normalizeMembers(def: AttributeDef, raw: unknown): unknown {
  const list = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const m of list) {
    if (m === null) continue;
    const value = isJsonObject(m) ? m[Object.keys(m).find((k) => k.toLowerCase() === 'value') ?? 'value'] : m;
    if (typeof value !== 'string' || value === '') throw scimError.invalidValue('Attribute members: every member needs a string value.');
  }
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const m of (normalizeAttrValue(def, list, 'members') as Record<string, unknown>[] | undefined) ?? []) {
    if (seen.has(m.value as string)) continue; // membership is a set: a repeated member is kept once
    seen.add(m.value as string);
    const member = { ...m };
    delete member.$ref; // $ref is derived from value on output, never stored
    out.push(member);
  }
  return out.length > 0 ? out : undefined;
}

/** Builds one schema's canonical attributes from its bag, in schema order, readOnly ones dropped. */
function build(kind: ResourceKind, defs: AttributeDef[], bag: Map<string, unknown> | undefined, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!bag) return out;
  for (const def of defs) {
    if (def.mutability === 'readOnly' || !bag.has(def.name)) continue;
    const raw = bag.get(def.name);
    const v = kind === 'Group' && prefix === '' && def.name === 'members'
      ? normalizeMembers(def, raw)
      : normalizeAttrValue(def, raw, prefix + def.name);
    if (v !== undefined) out[def.name] = v;
  }
  return out;
}

function isUnset(v: unknown): boolean {
  return v === undefined || (typeof v === 'string' && v.trim() === '');
}

function requireAttrs(defs: AttributeDef[], obj: Record<string, unknown>, prefix: string): void {
  for (const def of defs) {
    if (def.required && isUnset(obj[def.name])) throw scimError.invalidValue(`Attribute ${prefix}${def.name} is required`);
  }
}

/**
 * RFC 7643 §7 immutable: once set, a value may not change. A value the input leaves out is carried over
 * from the stored resource (lenient: PUT clients often omit what they cannot change); a different value is
 * a 400 mutability. Sub-attributes of multi-valued attributes (members[].value) are not checked here: each
 * value may be added or removed as a whole.
 */
function checkImmutable(defs: AttributeDef[], out: Record<string, unknown>, existing: Record<string, unknown>, prefix: string): void {
  for (const def of defs) {
    const ex = existing[def.name];
    if (def.mutability === 'immutable' && ex !== undefined && ex !== null) {
      if (out[def.name] === undefined) out[def.name] = structuredClone(ex);
      else if (!jsonEqual(out[def.name], ex)) throw scimError.mutability(`Attribute ${prefix}${def.name} is immutable and cannot be changed.`);
    }
    if (def.type !== 'complex' || def.multiValued || !isJsonObject(ex)) continue;
    const subs = (def.subAttributes ?? []).filter((s) => s.mutability === 'immutable');
    if (subs.length === 0) continue;
    const cur = isJsonObject(out[def.name]) ? { ...(out[def.name] as Record<string, unknown>) } : {};
    checkImmutable(subs, cur, ex, `${prefix}${def.name}.`);
    if (Object.keys(cur).length > 0) out[def.name] = cur;
  }
}

/**
 * Turns a client's POST/PUT body (or a PATCH result) into the canonical document scimkit stores:
 * schema-case keys, extensions under their canonical URN, `schemas` rebuilt from the data, unknown and
 * readOnly attributes dropped, null/[] removed, values type-checked and coerced. Never mutates the input.
 * Lenient by design (Entra, Okta): a missing or odd `schemas` array and unknown schema URNs are ignored.
 * writeOnly `password` is kept as given; the store layer hashes it.
 */
export function normalizeResource(kind: ResourceKind, input: unknown, opts: NormalizeOptions = {}): ScimResource {
  if (!isJsonObject(input)) throw scimError.invalidSyntax('The request body must be a JSON object.');
  const rt = resourceTypes[kind];
  const bags = gather(kind, input);
  const existing = opts.existing;

  const coreDefs = [...commonAttributes, ...schemas.get(rt.schema)!.attributes];
  const core = build(kind, coreDefs, bags.get(''), '');
  if (existing) checkImmutable(coreDefs, core, existing, '');
  requireAttrs(coreDefs, core, '');

  const out: ScimResource = Object.assign({ schemas: [rt.schema] }, core);
  for (const ext of rt.schemaExtensions) {
    const defs = schemas.get(ext.schema)!.attributes;
    const obj = build(kind, defs, bags.get(ext.schema), `${ext.schema}:`);
    const exExt = existing?.[ext.schema];
    if (isJsonObject(exExt)) checkImmutable(defs, obj, exExt, `${ext.schema}:`);
    if (Object.keys(obj).length === 0 && !ext.required) continue;
    requireAttrs(defs, obj, `${ext.schema}:`);
    out[ext.schema] = obj;
    (out.schemas as string[]).push(ext.schema);
  }
  checkLimits(out);
  return out;
}

// The documented limits: identifiers that are indexed (userName, externalId, displayName, e-mail values) at
// MAX_INDEXED_LENGTH characters, and the stored document (members are rows of their own) at MAX_RESOURCE_BYTES.
function checkLimits(doc: ScimResource): void {
  const indexed: [string, unknown][] = [
    ['userName', doc.userName],
    ['externalId', doc.externalId],
    ['displayName', doc.displayName],
    ...(Array.isArray(doc.emails) ? (doc.emails as { value?: unknown }[]).map((e): [string, unknown] => ['emails.value', e?.value]) : []),
  ];
  for (const [name, v] of indexed) {
    // Code points, counted only when the UTF-16 length (never fewer) is over the limit.
    if (typeof v === 'string' && v.length > MAX_INDEXED_LENGTH && [...v].length > MAX_INDEXED_LENGTH) {
      throw scimError.invalidValue(`Attribute ${name} is ${[...v].length} characters long; the limit is ${MAX_INDEXED_LENGTH}.`);
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(assignWithout({}, doc, MEMBERS)));
  if (bytes > MAX_RESOURCE_BYTES) throw scimError.invalidValue(`The resource is ${bytes} bytes of JSON; the limit is ${MAX_RESOURCE_BYTES}.`);
}
