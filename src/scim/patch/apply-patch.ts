import { scimError } from '../errors.js';
import { resourceTypes, schemaUrnsOf, schemas } from '../schema/registry.js';
import type { ResourceKind, ScimResource } from '../schema/types.js';
import { memberOpFor, type MemberOp } from './member-ops.js';
import { expandPathlessValue } from './pathless-value.js';
import { removeAttribute, setAttribute } from './patch-attribute.js';
import { deepEqual, isPlainObject, type JsonObject } from './patch-json.js';
import type { PatchOperation, PatchOpName } from './patch-request.js';
import { containerOf, resolvePatchPath, targetOf, type PatchTarget } from './patch-target.js';
import { applyValuePath } from './patch-value-path.js';

/** What a PATCH produced: the new document, the membership changes kept outside it, and whether the document changed. */
export interface PatchResult {
  resource: ScimResource;
  /** Group membership changes, in request order; the store applies them even when `changed` is false. */
  memberOps: MemberOp[];
  /** False when the document deep-equals the input, so the store can skip the write (memberOps aside). */
  changed: boolean;
}

interface PatchState {
  kind: ResourceKind;
  doc: JsonObject;
  memberOps: MemberOp[];
  /** Extension URNs whose objects an operation touched, to keep `schemas` in step. */
  urns: Set<string>;
}

function isReadOnly(t: PatchTarget): boolean {
  return t.def.mutability === 'readOnly' || t.sub?.mutability === 'readOnly';
}

function currentValue(doc: JsonObject, t: PatchTarget): unknown {
  const v = containerOf(doc, t.urn, false)?.[t.def.name];
  return t.sub ? (isPlainObject(v) ? v[t.sub.name] : undefined) : v;
}

function applyTarget(s: PatchState, op: PatchOpName, t: PatchTarget, value: unknown): void {
  if (s.kind === 'Group' && t.urn === undefined && t.def.name === 'members') {
    const memberOp = memberOpFor(op, { ...(t.filter ? { filter: t.filter } : {}), ...(t.sub ? { sub: t.sub.name } : {}) }, value);
    if (memberOp) s.memberOps.push(memberOp);
    return;
  }
  if (t.urn !== undefined) s.urns.add(t.urn);
  if (t.filter || (t.sub && t.def.multiValued)) applyValuePath(s.kind, s.doc, op, t, value);
  else if (op === 'remove') removeAttribute(s.doc, t, value);
  else setAttribute(s.doc, t, op, value);
}

/**
 * A pathless add/replace: each key of the value is applied as if it were the path. Lenient, because
 * clients send whole representations here: unknown keys are dropped, `schemas` and `meta` are ignored,
 * and an `id` or other read-only attribute is ignored when it equals what is stored (Okta echoes `id`).
 */
function applyPathless(s: PatchState, op: 'add' | 'replace', value: JsonObject): void {
  for (const entry of expandPathlessValue(s.kind, value)) {
    if (entry.path.uri === undefined && entry.path.attr.toLowerCase() === 'schemas') continue;
    const t = targetOf(s.kind, entry.path);
    if (!t) continue;
    if (t.urn === undefined && t.def.name === 'meta') continue;
    if (isReadOnly(t)) {
      if (deepEqual(currentValue(s.doc, t), entry.value)) continue;
      throw scimError.mutability(`${t.def.name}${t.sub ? `.${t.sub.name}` : ''} is read-only.`);
    }
    applyTarget(s, op, t, entry.value);
  }
}

function applyOperation(s: PatchState, op: PatchOperation): void {
  if (op.path === undefined) {
    if (op.op === 'remove' || !isPlainObject(op.value)) throw scimError.invalidSyntax(`${op.op} without a path needs an object value.`);
    applyPathless(s, op.op, op.value);
    return;
  }
  const resolved = resolvePatchPath(s.kind, op.path);
  if (resolved.kind === 'schemas') return; // schemas follows the data; clients may not edit it
  if (resolved.kind === 'extension') {
    // The path is a whole extension (`urn:…:enterprise:2.0:User`): remove drops it, add/replace merge its attributes.
    if (op.op === 'remove' || op.value === null) {
      if (op.op !== 'add') delete s.doc[resolved.urn];
      s.urns.add(resolved.urn);
    } else if (isPlainObject(op.value)) {
      applyPathless(s, op.op, { [resolved.urn]: op.value });
    } else {
      throw scimError.invalidValue(`The value for "${op.path}" must be an object of that extension's attributes.`);
    }
    return;
  }
  const t = resolved.target;
  if (isReadOnly(t)) throw scimError.mutability(`"${op.path}" is read-only.`);
  applyTarget(s, op.op, t, op.value);
}

/**
 * Keeps `schemas` in step with the extensions this PATCH touched: lists one that now has data, and drops one
 * whose data the PATCH deleted (an idempotent remove of absent data leaves `schemas` alone).
 */
function syncSchemas(before: ScimResource, doc: JsonObject, urns: Set<string>): void {
  for (const urn of urns) {
    const schemaList = doc.schemas;
    if (!Array.isArray(schemaList)) return;
    const isUrn = (u: unknown) => typeof u === 'string' && u.toLowerCase() === urn.toLowerCase();
    const present = isPlainObject(doc[urn]);
    if (present && !schemaList.some(isUrn)) doc.schemas = [...schemaList, urn];
    if (!present && isPlainObject(before[urn]) && schemaList.some(isUrn)) doc.schemas = schemaList.filter((u) => !isUrn(u));
  }
}

/** RFC 7644 §3.5.2: a PATCH that leaves a required attribute unassigned (userName, a group's displayName) is a mutability error. */
function checkRequired(kind: ResourceKind, before: ScimResource, doc: JsonObject): void {
  const core = resourceTypes[kind].schema;
  for (const urn of schemaUrnsOf(kind)) {
    const box = urn === core ? undefined : urn;
    for (const def of schemas.get(urn)?.attributes ?? []) {
      if (!def.required) continue;
      const had = containerOf(before, box, false)?.[def.name];
      const has = containerOf(doc, box, false)?.[def.name];
      if (had !== undefined && had !== null && (has === undefined || has === null)) {
        throw scimError.mutability(`${def.name} is required and cannot be removed.`);
      }
    }
  }
}

/**
 * Applies RFC 7644 §3.5.2 PATCH operations, as Entra, Okta and the RFC send them, to a copy of a resource.
 * Pure: the input is never mutated. All operations succeed or the first failure throws a ScimError
 * (RFC 7644: a PATCH is atomic). For groups, `members` is never edited in the document; changes to it
 * come back as memberOps. Values are placed under canonical names but not type-coerced:
 * normalizeResource runs on the result.
 */
export function applyPatch(kind: ResourceKind, resource: ScimResource, ops: PatchOperation[]): PatchResult {
  const s: PatchState = { kind, doc: structuredClone(resource), memberOps: [], urns: new Set() };
  for (const op of ops) applyOperation(s, op);
  checkRequired(kind, resource, s.doc);
  syncSchemas(resource, s.doc, s.urns);
  return { resource: s.doc, memberOps: s.memberOps, changed: !deepEqual(resource, s.doc) };
}
