import type { ResourceKind } from '../../scim/schema/types.js';
import { readPath, writePath } from './attribute-path.js';
import type { CompiledObjectMapping } from './compile-mappings.js';

const CORE: Record<ResourceKind, string> = {
  User: 'urn:ietf:params:scim:schemas:core:2.0:User',
  Group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
};

/**
 * The SCIM resource a create sends: every mapped value written at its path (multi-valued elements
 * such as `emails[type eq "work"]` created with their type), the manager as a reference to its
 * target id, and `schemas` naming the core schema and each extension used.
 */
export function buildTargetDoc(om: CompiledObjectMapping, values: Record<string, unknown>, managerTargetId?: string): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const schemas = new Set([CORE[om.kind]]);
  for (const m of om.mappings) {
    const v = m.role === 'manager' ? managerTargetId : values[m.key];
    if (v === undefined) continue;
    writePath(doc, m.target, v);
    if (m.target.uri) schemas.add(m.target.uri);
  }
  return { schemas: [...schemas], ...doc };
}

/** What a target resource holds at each mapped path (for a matched, never-sent object: the diff starts from it). */
export function readTargetValues(om: CompiledObjectMapping, doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of om.mappings) {
    if (m.role !== 'attribute') continue;
    const v = readPath(doc, m.target);
    if (v !== undefined && v !== null) out[m.key] = v;
  }
  return out;
}

/** The manager's target id a target resource holds, if any. */
export function readTargetManager(om: CompiledObjectMapping, doc: Record<string, unknown>): string | undefined {
  const m = om.mappings.find((x) => x.role === 'manager');
  if (!m) return undefined;
  const v = readPath(doc, m.target);
  return typeof v === 'string' ? v : undefined;
}
