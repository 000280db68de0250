import type { MappingPath, ValueSelector } from './mapping-path.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The key of `obj` that names `name` in any case (RFC 7643 §2.1), preferring the exact spelling. */
function keyOf(obj: Json, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

function getKey(obj: Json, name: string): unknown {
  const key = keyOf(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** Sets a key, reusing an existing key of any case so `Value` and `value` never both appear. */
function setKey(obj: Json, name: string, value: unknown): void {
  obj[keyOf(obj, name) ?? name] = value;
}

function deleteKey(obj: Json, name: string): void {
  const key = keyOf(obj, name);
  if (key !== undefined) delete obj[key];
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

/** Does one element of a multi-valued attribute match `[attr eq literal]`? `type` compares case-insensitively, booleans by value. */
function matches(element: unknown, sel: ValueSelector): boolean {
  if (!isObject(element)) return false;
  const actual = getKey(element, sel.attr);
  if (actual === undefined || actual === null) return false;
  if (typeof actual === 'boolean' || typeof sel.value === 'boolean') return String(actual).toLowerCase() === String(sel.value).toLowerCase();
  if (typeof actual === 'number' || typeof sel.value === 'number') return Number(actual) === Number(sel.value);
  if (sel.attr.toLowerCase() === 'type') return String(actual).toLowerCase() === String(sel.value).toLowerCase();
  return actual === sel.value;
}

/** A multi-valued attribute as a list (a lone complex value counts as a list of one). */
function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  return isObject(v) ? [v] : undefined;
}

/**
 * Reads a mapping path's value from a SCIM resource: names match in any case, a value filter picks the first
 * matching element, `emails.value` (no filter) gives every element's value, a reference gives its `value`.
 * Undefined when anything on the way is absent.
 */
export function readPath(doc: Json, path: MappingPath): unknown {
  const container = path.uri !== undefined ? getKey(doc, path.uri) : doc;
  if (!isObject(container)) return undefined;
  const v = getKey(container, path.attr);
  if (path.filter) {
    const element = asList(v)?.find((e) => matches(e, path.filter!));
    if (element === undefined) return undefined;
    return path.sub === undefined ? element : getKey(element as Json, path.sub);
  }
  if (path.sub !== undefined) {
    if (Array.isArray(v)) {
      const values = v.filter(isObject).map((e) => getKey(e, path.sub!)).filter((x) => x !== undefined);
      return values.length > 0 ? values : undefined;
    }
    return isObject(v) ? getKey(v, path.sub) : undefined;
  }
  if (path.reference && isObject(v)) return getKey(v, 'value');
  return v;
}

/**
 * Writes a value at a mapping path, creating what is missing: the extension object, the complex object, the
 * multi-valued element (`{type: "work", value}`), never a second element matching the same filter.
 * Writing undefined removes the leaf and anything it leaves empty.
 */
export function writePath(doc: Json, path: MappingPath, value: unknown): void {
  if (value === undefined) {
    removePath(doc, path);
    return;
  }
  let container = doc;
  if (path.uri !== undefined) {
    const existing = getKey(doc, path.uri);
    container = isObject(existing) ? existing : {};
    if (!isObject(existing)) setKey(doc, path.uri, container);
  }
  if (path.filter) writeElement(container, path, path.filter, value);
  else if (path.sub !== undefined) writeSub(container, path.attr, path.sub, value);
  else if (path.reference && !isObject(value)) {
    const existing = getKey(container, path.attr);
    if (isObject(existing)) setKey(existing, 'value', value);
    else setKey(container, path.attr, { value });
  } else setKey(container, path.attr, value);
}

function writeElement(container: Json, path: MappingPath, sel: ValueSelector, value: unknown): void {
  const existing = getKey(container, path.attr);
  const list = asList(existing) ?? [];
  if (list !== existing) setKey(container, path.attr, list);
  let element = list.find((e) => matches(e, sel)) as Json | undefined;
  if (!element) {
    element = { [sel.attr]: sel.value };
    list.push(element);
  }
  if (path.sub !== undefined) setKey(element, path.sub, value);
  else if (isObject(value)) Object.assign(element, value, { [keyOf(element, sel.attr) ?? sel.attr]: sel.value });
  else setKey(element, 'value', value);
}

/** `name.givenName` sets one key of a complex value; `emails.value` (no filter) rebuilds the list, one element per value. */
function writeSub(container: Json, attr: string, sub: string, value: unknown): void {
  const existing = getKey(container, attr);
  if (Array.isArray(existing)) {
    setKey(container, attr, (Array.isArray(value) ? value : [value]).map((v) => ({ [sub]: v })));
    return;
  }
  const obj = isObject(existing) ? existing : {};
  if (!isObject(existing)) setKey(container, attr, obj);
  setKey(obj, sub, value);
}

/** Keys that label an element rather than carry its value. */
const LABELS = new Set(['type', 'primary']);

/** An element with nothing left but its labels and the key that selected it carries no value: drop it. */
function isHollow(element: unknown, sel?: ValueSelector): boolean {
  if (!isObject(element)) return isEmpty(element);
  const selKey = sel?.attr.toLowerCase();
  return Object.entries(element).every(([k, v]) => k.toLowerCase() === selKey || LABELS.has(k.toLowerCase()) || isEmpty(v));
}

function removePath(doc: Json, path: MappingPath): void {
  const container = path.uri !== undefined ? getKey(doc, path.uri) : doc;
  if (!isObject(container)) return;
  const v = getKey(container, path.attr);
  if (path.filter) {
    const list = asList(v);
    const index = list?.findIndex((e) => matches(e, path.filter!)) ?? -1;
    if (!list || index < 0) return;
    const element = list[index] as Json;
    if (path.sub !== undefined) deleteKey(element, path.sub);
    if (path.sub === undefined || isHollow(element, path.filter)) list.splice(index, 1);
    if (list.length === 0) deleteKey(container, path.attr);
  } else if (path.sub !== undefined && Array.isArray(v)) {
    for (const e of v) if (isObject(e)) deleteKey(e, path.sub);
    const kept = v.filter((e) => !isHollow(e));
    if (kept.length === 0) deleteKey(container, path.attr);
    else setKey(container, path.attr, kept);
  } else if (path.sub !== undefined && isObject(v)) {
    deleteKey(v, path.sub);
    if (isEmpty(v)) deleteKey(container, path.attr);
  } else if (path.sub === undefined) {
    deleteKey(container, path.attr);
  }
  if (path.uri !== undefined && isEmpty(container)) deleteKey(doc, path.uri);
}
