import { scimError } from '../errors.js';
import type { AttributeDef } from '../schema/types.js';

/** True for a JSON object (not null, not an array): the only shape a resource or complex value may have. */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Finds a sub-attribute by name in any case (RFC 7643 §2.1), so `Value` and `value` are one key. */
export function findSubAttr(def: AttributeDef, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return def.subAttributes?.find((s) => s.name.toLowerCase() === lower);
}

// xsd:dateTime as RFC 7643 §2.3.5 requires; the timezone is optional there, seconds are not.
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Checks and coerces one simple value to its RFC 7643 §2.3 type. Lenient where real clients need it:
 * "True"/"false" strings for booleans (Entra), numbers for strings, numeric strings for numbers.
 */
export function coerceSimple(def: AttributeDef, v: unknown, where: string): unknown {
  switch (def.type) {
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') {
        const l = v.toLowerCase();
        if (l === 'true') return true;
        if (l === 'false') return false;
      }
      throw scimError.invalidValue(`Attribute ${where} must be a boolean.`);
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof v === 'string') return v;
      // Lenient: an employeeNumber sent as 12345 is clearly meant as "12345"; objects and booleans are not.
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
      throw scimError.invalidValue(`Attribute ${where} must be a string.`);
    case 'integer':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
      if (typeof v === 'string' && INTEGER.test(v.trim()) && Number.isSafeInteger(Number(v))) return Number(v);
      throw scimError.invalidValue(`Attribute ${where} must be an integer.`);
    case 'decimal':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && DECIMAL.test(v.trim())) return Number(v);
      throw scimError.invalidValue(`Attribute ${where} must be a decimal number.`);
    case 'dateTime':
      // Stored as given (no re-formatting), so what the client wrote is what it reads back.
      if (typeof v === 'string' && DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))) return v;
      throw scimError.invalidValue(`Attribute ${where} must be an ISO 8601 dateTime.`);
    case 'complex':
      throw scimError.invalidValue(`Attribute ${where} must be a complex object.`);
  }
}

/** Normalises one complex value: sub-attribute names to schema case, readOnly and unknown ones dropped. */
function normalizeComplex(def: AttributeDef, v: unknown, where: string): Record<string, unknown> | undefined {
  if (!isJsonObject(v)) {
    // Lenient: a bare value for a complex attribute with a `value` sub-attribute, e.g. Entra's
    // `"manager": "<id>"` or `"emails": ["a@example.com"]`, means `{ value }`.
    const valueSub = findSubAttr(def, 'value');
    if (valueSub && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
      return { value: coerceSimple(valueSub, v, `${where}.value`) };
    }
    throw scimError.invalidValue(`Attribute ${where} must be a complex object.`);
  }
  const found = new Map<string, unknown>();
  for (const [key, raw] of Object.entries(v)) {
    const sub = findSubAttr(def, key);
    if (!sub || sub.mutability === 'readOnly') continue; // RFC 7644 §3.3: ignore what the server does not define
    found.set(sub.name, normalizeAttrValue(sub, raw, `${where}.${sub.name}`));
  }
  const out: Record<string, unknown> = {};
  for (const sub of def.subAttributes ?? []) {
    const val = found.get(sub.name);
    if (val !== undefined) out[sub.name] = val;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function normalizeOne(def: AttributeDef, v: unknown, where: string): unknown {
  if (v === null || v === undefined) return undefined;
  return def.type === 'complex' ? normalizeComplex(def, v, where) : coerceSimple(def, v, where);
}

/**
 * Keeps at most one `primary: true` in a multi-valued attribute. RFC 7643 §2.4 forbids several; we are
 * lenient and keep the first as primary and set the rest to false rather than reject the request.
 */
function keepOnePrimary(values: unknown[]): void {
  let seen = false;
  for (const v of values) {
    if (!isJsonObject(v) || v.primary !== true) continue;
    if (seen) v.primary = false;
    seen = true;
  }
}

/**
 * Normalises the value of one attribute against its definition; returns undefined when the value is
 * unassigned (null, [], or a complex value with nothing left), so the caller removes the key.
 */
export function normalizeAttrValue(def: AttributeDef, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    // Lenient: a single value for a multi-valued attribute is a one-element list.
    const list = Array.isArray(value) ? value : [value];
    const out: unknown[] = [];
    for (const item of list) {
      if (Array.isArray(item)) throw scimError.invalidValue(`Attribute ${where} must not contain nested arrays.`);
      const v = normalizeOne(def, item, where);
      if (v !== undefined) out.push(v);
    }
    keepOnePrimary(out);
    return out.length > 0 ? out : undefined;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    // Lenient: Entra's manager PATCH wraps the one complex value in a list.
    if (value.length === 1 && def.type === 'complex') return normalizeOne(def, value[0], where);
    throw scimError.invalidValue(`Attribute ${where} is single-valued and must not be an array.`);
  }
  return normalizeOne(def, value, where);
}

/** Structural equality of two JSON values, insensitive to key order (stores may reorder keys). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}
