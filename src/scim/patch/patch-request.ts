import { scimError } from '../errors.js';
import { isPlainObject } from './patch-json.js';

/** URN every RFC 7644 §3.5.2 PATCH body declares in `schemas`. */
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The three RFC 7644 operations, lower-cased whatever case the client sent (Entra sends `Replace`). */
export type PatchOpName = 'add' | 'replace' | 'remove';

/** One validated PATCH operation; `path` is still text, parsed when the operation is applied. */
export interface PatchOperation {
  op: PatchOpName;
  /** Absent for a pathless add/replace (the value is an object of attributes). */
  path?: string;
  /** Absent only for remove; may be null (treated as "unassigned"). */
  value?: unknown;
}

const OP_NAMES: ReadonlySet<string> = new Set(['add', 'replace', 'remove']);

/** Reads a key case-insensitively: clients send `Operations`, `operations`, `OP`, `Path`. */
function getCi(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

function parseOperation(raw: unknown, i: number): PatchOperation {
  if (!isPlainObject(raw)) throw scimError.invalidSyntax(`Operations[${i}] is not an object.`);
  const opRaw = getCi(raw, 'op');
  if (typeof opRaw !== 'string' || !OP_NAMES.has(opRaw.toLowerCase())) {
    throw scimError.invalidSyntax(`Operations[${i}].op must be "add", "replace" or "remove".`);
  }
  const op = opRaw.toLowerCase() as PatchOpName;
  const pathRaw = getCi(raw, 'path');
  if (pathRaw !== undefined && pathRaw !== null && typeof pathRaw !== 'string') {
    throw scimError.invalidSyntax(`Operations[${i}].path must be a string.`);
  }
  const path = typeof pathRaw === 'string' && pathRaw.trim() !== '' ? pathRaw.trim() : undefined;
  const value = getCi(raw, 'value');
  if (op === 'remove') {
    if (path === undefined) throw scimError.noTarget(`Operations[${i}]: remove needs a path.`);
    return value === undefined ? { op, path } : { op, path, value };
  }
  if (value === undefined) throw scimError.invalidSyntax(`Operations[${i}]: ${op} needs a value.`);
  if (path === undefined && !isPlainObject(value)) {
    throw scimError.invalidSyntax(`Operations[${i}]: ${op} without a path needs an object of attributes as its value.`);
  }
  return path === undefined ? { op, value } : { op, path, value };
}

/**
 * Validates an RFC 7644 §3.5.2 PatchOp body and returns its operations in order.
 * Lenient where real clients differ and nothing is ambiguous: `schemas` may be missing or lack the
 * PatchOp URN (some clients send a core-schema URN), and keys and op names are case-insensitive.
 * An empty Operations array is a valid no-op.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) throw scimError.invalidSyntax('A PATCH body must be a JSON object with an Operations array.');
  const schemas = getCi(body, 'schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.every((s) => typeof s === 'string'))) {
    throw scimError.invalidSyntax(`"schemas" must be an array of strings containing "${PATCH_OP_SCHEMA}".`);
  }
  const ops = getCi(body, 'Operations');
  if (!Array.isArray(ops)) throw scimError.invalidSyntax('A PATCH body needs an "Operations" array.');
  return ops.map(parseOperation);
}
