/**
 * How PATCH requests are written for a target:
 * - `rfc` (default): RFC 7644 as written: lowercase ops, JSON booleans, member removal as
 *   `members[value eq "id"]`, manager as `{ "value": id }`;
 * - `entra`: what Entra ID sends by default, for targets built against it: `Add`/`Replace`/`Remove`,
 *   `"True"`/`"False"` strings, `Remove` on `members` with a value array and `"$ref": null`, manager as a plain id.
 */
export type PatchProfile = 'rfc' | 'entra';

/** The profiles, for validating configuration. */
export const PATCH_PROFILES: readonly PatchProfile[] = ['rfc', 'entra'];

/** The enterprise extension's manager attribute, the one reference attribute of a user. */
export const MANAGER_PATH = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

/**
 * A change the engine wants made, independent of how the target wants it written: plain attribute
 * operations, group member changes by target id (split into chunks by the client), and the manager
 * reference by the manager's target id (`null` removes it).
 */
export type PatchOperation =
  | { op: 'add' | 'replace'; path?: string; value: unknown }
  | { op: 'remove'; path: string; value?: unknown }
  | { op: 'addMembers'; members: readonly string[] }
  | { op: 'removeMembers'; members: readonly string[] }
  | { op: 'manager'; id: string | null };

/** One PATCH request as it goes on the wire, with the abstract operations (or member slices) it carries. */
export interface RenderedPatch {
  body: { schemas: string[]; Operations: Record<string, unknown>[] };
  /** The part of the engine's operations this request carries, to know what was applied if a later one fails. */
  carries: PatchOperation[];
  /** Member ids in this request. */
  memberCount: number;
}

/** Where the member chunk size is set: Entra documents no cap, targets often have one. */
export interface RenderOptions {
  profile: PatchProfile;
  /** Most member ids in one PATCH request (default 100). */
  maxMembersPerPatch: number;
}

const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA_OP = { add: 'Add', replace: 'Replace', remove: 'Remove' } as const;

function opName(op: 'add' | 'replace' | 'remove', profile: PatchProfile): string {
  return profile === 'entra' ? ENTRA_OP[op] : op;
}

function wireValue(value: unknown, profile: PatchProfile): unknown {
  if (profile === 'entra' && typeof value === 'boolean') return value ? 'True' : 'False';
  return value;
}

function renderAttributeOp(op: Extract<PatchOperation, { op: 'add' | 'replace' | 'remove' }>, profile: PatchProfile): Record<string, unknown> {
  const out: Record<string, unknown> = { op: opName(op.op, profile) };
  if (op.path !== undefined) out.path = op.path;
  if (op.value !== undefined) out.value = wireValue(op.value, profile);
  return out;
}

function renderManager(id: string | null, profile: PatchProfile): Record<string, unknown> {
  if (id === null) return { op: opName('remove', profile), path: MANAGER_PATH };
  return profile === 'entra' ? { op: 'Add', path: MANAGER_PATH, value: id } : { op: 'replace', path: MANAGER_PATH, value: { value: id } };
}

function renderMembers(op: 'addMembers' | 'removeMembers', ids: readonly string[], profile: PatchProfile): Record<string, unknown>[] {
  if (profile === 'entra') {
    return [{ op: op === 'addMembers' ? 'Add' : 'Remove', path: 'members', value: ids.map((value) => ({ $ref: null, value })) }];
  }
  if (op === 'addMembers') return [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }];
  return ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }));
}

function check(op: PatchOperation): void {
  switch (op.op) {
    case 'add':
    case 'replace':
      if (op.value === undefined) throw new TypeError(`PATCH ${op.op} ${op.path ?? '(no path)'} needs a value`);
      if (op.path === undefined && (typeof op.value !== 'object' || op.value === null || Array.isArray(op.value))) {
        throw new TypeError(`PATCH ${op.op} without a path needs an object value`);
      }
      return;
    case 'remove':
      if (!op.path) throw new TypeError('PATCH remove needs a path (RFC 7644 §3.5.2.2)');
      return;
    case 'addMembers':
    case 'removeMembers':
      for (const id of op.members) if (typeof id !== 'string' || id === '') throw new TypeError(`${op.op}: member ids must be non-empty strings`);
      return;
    case 'manager':
      if (op.id !== null && (typeof op.id !== 'string' || op.id === '')) throw new TypeError('manager: the id must be a non-empty string or null');
      return;
    default:
      throw new TypeError(`unknown PATCH operation ${JSON.stringify((op as { op: unknown }).op)}`);
  }
}

/**
 * Writes the engine's operations as PATCH requests for a profile, in order, splitting member changes so no
 * request carries more than `maxMembersPerPatch` member ids (a 25,000-member change is 250 requests of 100,
 * each retried on its own). Operations keep their order; those after a full chunk ride in the next request.
 * No operations, no request.
 */
export function renderPatch(ops: readonly PatchOperation[], options: RenderOptions): RenderedPatch[] {
  const max = options.maxMembersPerPatch;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxMembersPerPatch must be a positive integer, got ${max}`);
  const out: RenderedPatch[] = [];
  let current: RenderedPatch | undefined;
  const open = (): RenderedPatch => {
    current ??= { body: { schemas: [PATCH_OP_SCHEMA], Operations: [] }, carries: [], memberCount: 0 };
    return current;
  };
  const flush = () => {
    if (current && current.body.Operations.length > 0) out.push(current);
    current = undefined;
  };
  for (const op of ops) {
    check(op);
    if (op.op === 'addMembers' || op.op === 'removeMembers') {
      const ids = [...new Set(op.members)];
      let at = 0;
      while (at < ids.length) {
        let req = open();
        if (req.memberCount >= max) {
          flush();
          req = open();
        }
        const slice = ids.slice(at, at + (max - req.memberCount));
        req.body.Operations.push(...renderMembers(op.op, slice, options.profile));
        req.carries.push({ op: op.op, members: slice });
        req.memberCount += slice.length;
        at += slice.length;
      }
      continue;
    }
    const req = open();
    req.body.Operations.push(op.op === 'manager' ? renderManager(op.id, options.profile) : renderAttributeOp(op, options.profile));
    req.carries.push(op);
  }
  flush();
  return out;
}
