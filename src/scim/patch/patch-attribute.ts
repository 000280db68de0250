import { scimError } from '../errors.js';
import { resolveSubAttr } from '../schema/registry.js';
import type { AttributeDef } from '../schema/types.js';
import { canonicalElement, deepEqual, enforceSinglePrimary, isPlainObject, toComplexValue, type JsonObject } from './patch-json.js';
import { containerOf, pruneContainer, type PatchTarget } from './patch-target.js';

/** Single-valued attributes take one value; clients wrap it in an array of one (Entra's manager), which is unwrapped. */
function unwrapSingle(def: AttributeDef, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return null;
  if (value.length === 1) return value[0];
  throw scimError.invalidValue(`${def.name} is single-valued but the value is an array of ${value.length}.`);
}

/** Drops sub-attributes set to null: RFC 7643 §2.5 treats null as unassigned. */
function withoutNulls(obj: JsonObject): JsonObject {
  for (const k of Object.keys(obj)) if (obj[k] === null) delete obj[k];
  return obj;
}

function complexValues(def: AttributeDef, value: unknown): JsonObject[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((v) => v !== null)
    .map((v) => withoutNulls(toComplexValue(def, v, `Each value of ${def.name} must be an object of its sub-attributes.`)));
}

function setMultiValued(box: JsonObject, def: AttributeDef, op: 'add' | 'replace', value: unknown): void {
  const incoming = complexValues(def, value);
  const list: unknown[] = op === 'add' && Array.isArray(box[def.name]) ? (box[def.name] as unknown[]) : [];
  const touched = new Set<unknown>();
  for (const item of incoming) {
    if (list.some((el) => deepEqual(el, item))) continue; // RFC 7644 §3.5.2.1: adding an existing value changes nothing
    list.push(item);
    touched.add(item);
  }
  enforceSinglePrimary(list, touched);
  if (list.length === 0) delete box[def.name];
  else box[def.name] = list;
}

function setSingleComplex(box: JsonObject, def: AttributeDef, op: 'add' | 'replace', value: unknown): void {
  const v = unwrapSingle(def, value);
  if (v === null) {
    if (op === 'replace') delete box[def.name];
    return;
  }
  if (!isPlainObject(v)) {
    // A bare id for a reference-like attribute (Entra's manager as a string); the normaliser makes it { value }.
    if (!resolveSubAttr(def, 'value') || Array.isArray(v)) {
      throw scimError.invalidValue(`${def.name} must be an object of its sub-attributes.`);
    }
    box[def.name] = v;
    return;
  }
  const incoming = canonicalElement(def, v);
  const current = box[def.name];
  // RFC 7644 §3.5.2.1/3: sub-attributes not given are left unchanged. But a new `value` names a different
  // referent (another manager), whose stale $ref and displayName must not survive, so that replaces the whole.
  const sameReferent = !('value' in incoming) || (isPlainObject(current) && deepEqual(current.value, incoming.value));
  const next = isPlainObject(current) && sameReferent ? { ...current, ...incoming } : incoming;
  withoutNulls(next);
  if (Object.keys(next).length === 0) delete box[def.name];
  else box[def.name] = next;
}

/** RFC 7644 §3.5.2.1 add and §3.5.2.3 replace on an attribute or a single-valued complex attribute's sub-attribute (no value filter). */
export function setAttribute(doc: JsonObject, t: PatchTarget, op: 'add' | 'replace', value: unknown): void {
  if (value === null && op === 'add') return;
  const box = containerOf(doc, t.urn, true)!;
  const name = t.def.name;
  if (t.sub) {
    let obj = box[name];
    if (!isPlainObject(obj)) {
      // A manager stored as a bare id string keeps that id when one sub-attribute is set.
      const keep = typeof obj === 'string' && resolveSubAttr(t.def, 'value') ? { value: obj } : {};
      obj = box[name] = keep;
    }
    const target = obj as JsonObject;
    const v = unwrapSingle(t.sub, value);
    if (v === null) delete target[t.sub.name];
    else target[t.sub.name] = v;
    if (Object.keys(target).length === 0) delete box[name];
  } else if (t.def.multiValued) {
    setMultiValued(box, t.def, op, value);
  } else if (t.def.type === 'complex') {
    setSingleComplex(box, t.def, op, value);
  } else {
    const v = unwrapSingle(t.def, value);
    if (v === null) delete box[name];
    else box[name] = v;
  }
  pruneContainer(doc, t.urn);
}

/** Whether a multi-valued element is one the client listed in a remove's value: same `value` sub-attribute, or equal as a whole. */
function listed(el: unknown, items: JsonObject[]): boolean {
  return items.some((item) => ('value' in item && isPlainObject(el) ? deepEqual(el.value, item.value) : deepEqual(el, item)));
}

/**
 * RFC 7644 §3.5.2.2 remove without a value filter. Removing what is absent is not an error. A value array
 * on a multi-valued attribute removes only those values (the shape Entra uses for members), never all of them.
 */
export function removeAttribute(doc: JsonObject, t: PatchTarget, value: unknown): void {
  const box = containerOf(doc, t.urn, false);
  if (!box || !(t.def.name in box)) return;
  const name = t.def.name;
  if (t.sub) {
    const obj = box[name];
    if (isPlainObject(obj)) {
      delete obj[t.sub.name];
      if (Object.keys(obj).length === 0) delete box[name];
    }
  } else if (t.def.multiValued && value !== undefined && value !== null && Array.isArray(box[name])) {
    const items = complexValues(t.def, value);
    const kept = (box[name] as unknown[]).filter((el) => !listed(el, items));
    if (kept.length === 0) delete box[name];
    else box[name] = kept;
  } else {
    delete box[name];
  }
  pruneContainer(doc, t.urn);
}
