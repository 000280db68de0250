import { scimError } from '../errors.js';
import type { AttrPath } from '../filter/ast.js';
import { schemaUrnsOf } from '../schema/registry.js';
import type { ResourceKind } from '../schema/types.js';
import { isPlainObject, type JsonObject } from './patch-json.js';

/** One attribute named by a key of a pathless add/replace value, with the value to put there. */
export interface PathlessEntry {
  path: AttrPath;
  value: unknown;
}

/** `name.givenName` → attr + sub; a name without a dot is just the attribute. */
function splitDotted(name: string): Pick<AttrPath, 'attr' | 'sub'> {
  const dot = name.indexOf('.');
  return dot < 0 ? { attr: name } : { attr: name.slice(0, dot), sub: name.slice(dot + 1) };
}

/**
 * Flattens the value of a pathless add/replace (RFC 7644 §3.5.2.1/3) into one entry per attribute, in order.
 * Keys may be attribute names (`displayName`), schema URNs whose value is an object of that schema's
 * attributes, or Entra's dotted and URN-prefixed keys (`name.givenName`,
 * `urn:…:enterprise:2.0:User:employeeNumber`, with aadOptscim062020). Keys are not checked here:
 * the caller drops those no schema defines.
 */
export function expandPathlessValue(kind: ResourceKind, value: JsonObject): PathlessEntry[] {
  const urns = schemaUrnsOf(kind);
  const out: PathlessEntry[] = [];
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    const whole = urns.find((u) => u.toLowerCase() === lower);
    if (whole) {
      if (v === null) continue;
      if (!isPlainObject(v)) throw scimError.invalidValue(`The value of "${key}" must be an object of that schema's attributes.`);
      for (const [k, inner] of Object.entries(v)) out.push({ path: { uri: whole, ...splitDotted(k) }, value: inner });
      continue;
    }
    const prefix = urns.find((u) => lower.startsWith(`${u.toLowerCase()}:`));
    if (prefix) out.push({ path: { uri: prefix, ...splitDotted(key.slice(prefix.length + 1)) }, value: v });
    else out.push({ path: splitDotted(key), value: v });
  }
  return out;
}
