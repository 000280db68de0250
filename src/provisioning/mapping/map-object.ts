import { evaluateExpression } from './expressions/index.js';
import type { ExprValue } from './expr-value.js';
import type { CompiledMapping, CompiledObjectMapping } from './compile-mappings.js';
import { resolveSourceAttribute, type SourceObject } from './source-attributes.js';

/** The target attributes one source object maps to, keyed by canonical target path. */
export interface MappedObject {
  values: Record<string, unknown>;
  /** Paths whose value came through Redact(): logs show "[Redact]". */
  redacted: Set<string>;
  /** Paths an IgnoreFlowIfNullOrEmpty() kept out: neither sent nor cleared. */
  ignored: Set<string>;
  /** The source id of the user's manager, to be turned into the manager's target id (null: no manager). */
  manager: string | null | undefined;
}

/** What evaluation may need beyond the source object. */
export interface MapContext {
  now(): Date;
  random(): number;
  /** For SelectUniqueValue: true when no target object holds this value at this path. */
  isUniqueInTarget?(path: string, value: string): Promise<boolean>;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

// Entra's expressions produce "True"/"False" strings; a boolean target attribute (active) gets a JSON boolean.
function coerce(m: CompiledMapping, v: unknown): unknown {
  if (m.type === 'boolean' && typeof v === 'string') {
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
  }
  if (m.type === 'boolean' && typeof v === 'number') return v !== 0;
  if (m.type === 'string' && (typeof v === 'number' || typeof v === 'boolean')) return String(v);
  return v;
}

async function valueOf(m: CompiledMapping, source: SourceObject, ctx: MapContext): Promise<{ value: unknown; ignore?: boolean; redact?: boolean }> {
  switch (m.source.kind) {
    case 'direct':
      return { value: resolveSourceAttribute(source, m.source.name) };
    case 'constant':
      return { value: m.source.value };
    case 'expression': {
      const r = await evaluateExpression(m.source.node, {
        attribute: (name) => resolveSourceAttribute(source, name) as ExprValue | undefined,
        now: () => ctx.now(),
        random: () => ctx.random(),
        ...(ctx.isUniqueInTarget ? { isUniqueInTarget: (v: string) => ctx.isUniqueInTarget!(m.key, v) } : {}),
      });
      return { value: r.value, ignore: r.ignoreFlow, redact: r.redacted };
    }
  }
}

/**
 * Evaluates an object's mappings: Direct, Constant and Expression sources, "Only during creation"
 * mappings on create only, a default value when the source gives nothing on create (as Entra), and
 * the manager reference set aside for resolution to the manager's target id. Empty values are left out.
 */
export async function mapObject(om: CompiledObjectMapping, source: SourceObject, phase: 'create' | 'update', ctx: MapContext): Promise<MappedObject> {
  const out: MappedObject = { values: {}, redacted: new Set(), ignored: new Set(), manager: undefined };
  for (const m of om.mappings) {
    if (m.role === 'members') continue;
    if (m.apply === 'create' && phase !== 'create') continue;
    const r = await valueOf(m, source, ctx);
    if (r.ignore) {
      out.ignored.add(m.key);
      continue;
    }
    let value = r.value;
    if (isEmpty(value) && phase === 'create' && m.def.defaultValue !== undefined) value = m.def.defaultValue;
    if (m.role === 'manager') {
      out.manager = isEmpty(value) ? null : String(Array.isArray(value) ? value[0] : value);
      continue;
    }
    if (isEmpty(value)) continue;
    out.values[m.key] = coerce(m, value);
    if (r.redact) out.redacted.add(m.key);
  }
  return out;
}
