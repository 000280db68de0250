import { resolveAttrPath } from '../../scim/schema/registry.js';
import type { ResourceKind } from '../../scim/schema/types.js';
import { provError } from '../errors.js';
import { parseMappingPath, isSchemaPath } from './attribute-path.js';
import { isExpressionError, parseExpression, validateExpression, type ExprNode } from './expressions/index.js';
import type { MappingPath } from './mapping-path.js';
import type { AttributeMapping, ObjectMapping } from './mapping-types.js';
import { isKnownSourceAttribute, sourceAttributeAliases } from './source-attributes.js';

/** What a target attribute is to the engine: a plain attribute, the group's members, or the user's manager reference. */
export type TargetRole = 'attribute' | 'members' | 'manager';

/** One mapping, parsed and checked once per cycle rather than once per object. */
export interface CompiledMapping {
  def: AttributeMapping;
  target: MappingPath;
  /** The canonical target path: the key of this attribute in mapped values and in the link's `sent`. */
  key: string;
  role: TargetRole;
  source: { kind: 'direct'; name: string } | { kind: 'constant'; value: string } | { kind: 'expression'; node: ExprNode; text: string };
  apply: 'always' | 'create';
  /** The target attribute's SCIM type, for turning "True"/"False" into a boolean where the target wants one. */
  type: string | undefined;
}

/** The compiled mappings of one object type. */
export interface CompiledObjectMapping {
  kind: ResourceKind;
  enabled: boolean;
  mappings: CompiledMapping[];
  /** Matching attributes in precedence order (Entra tries them one after another; the first hit wins). */
  matching: CompiledMapping[];
  /** True when group members are mapped (membership flows to the target). */
  members: boolean;
  scoping: ObjectMapping['scoping'];
}

const MANAGER_KEY = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

function where(kind: ResourceKind, i: number, m: AttributeMapping): string {
  return `${kind === 'User' ? 'user' : 'group'} mapping ${i + 1} (target ${JSON.stringify(m?.target)})`;
}

function compileOne(kind: ResourceKind, m: AttributeMapping, i: number, problems: string[]): CompiledMapping | undefined {
  const at = where(kind, i, m);
  if (!m || typeof m !== 'object' || typeof m.target !== 'string') {
    problems.push(`${at}: a mapping needs a "target" attribute path and a "source"`);
    return undefined;
  }
  let target: MappingPath;
  try {
    target = parseMappingPath(m.target);
  } catch (err) {
    problems.push(`${at}: ${(err as Error).message}`);
    return undefined;
  }
  const role: TargetRole = kind === 'Group' && target.text.toLowerCase() === 'members' ? 'members' : kind === 'User' && target.text === MANAGER_KEY ? 'manager' : 'attribute';
  const customExtension = target.uri !== undefined && !resolveAttrPath(kind, { uri: target.uri, attr: target.attr });
  if (role === 'attribute' && !customExtension && !isSchemaPath(kind, target)) {
    problems.push(`${at}: ${JSON.stringify(m.target)} is not an attribute of SCIM ${kind === 'User' ? 'users' : 'groups'} (custom attributes go in an extension: urn:ietf:params:scim:schemas:extension:<name>:2.0:${kind}:<attribute>)`);
    return undefined;
  }
  if (target.attr.toLowerCase() === 'id' && !target.uri) problems.push(`${at}: "id" is assigned by the target and cannot be mapped`);
  if (m.apply !== undefined && m.apply !== 'always' && m.apply !== 'create') problems.push(`${at}: "apply" must be "always" or "create"`);
  if (m.matching !== undefined && (!Number.isInteger(m.matching) || m.matching < 1)) problems.push(`${at}: "matching" is a precedence: a whole number from 1`);
  if (m.matching !== undefined && role !== 'attribute') problems.push(`${at}: ${role} cannot be a matching attribute`);
  const src = m.source as Record<string, unknown> | undefined;
  let source: CompiledMapping['source'] | undefined;
  if (role === 'members') {
    source = { kind: 'direct', name: 'members' };
  } else if (src?.type === 'direct' && typeof src.attribute === 'string') {
    if (!isKnownSourceAttribute(kind, src.attribute)) {
      const names = sourceAttributeAliases[kind].map((a) => a.name);
      problems.push(`${at}: unknown source attribute ${JSON.stringify(src.attribute)}; use a SCIM path or one of ${names.slice(0, 12).join(', ')}…`);
    } else source = { kind: 'direct', name: src.attribute };
  } else if (src?.type === 'constant' && typeof src.value === 'string') {
    source = { kind: 'constant', value: src.value };
  } else if (src?.type === 'expression' && typeof src.expression === 'string') {
    try {
      const node = parseExpression(src.expression);
      const errors = validateExpression(node, { kind, isKnownAttribute: (n) => isKnownSourceAttribute(kind, n), attributeNames: sourceAttributeAliases[kind].map((a) => a.name) });
      if (errors.length) problems.push(...errors.map((e) => `${at}: ${e.message}`));
      else source = { kind: 'expression', node, text: src.expression };
    } catch (err) {
      if (!isExpressionError(err)) throw err;
      problems.push(`${at}: ${err.message}`);
    }
  } else {
    problems.push(`${at}: "source" must be {"type":"direct","attribute":…}, {"type":"constant","value":…} or {"type":"expression","expression":…}`);
  }
  if (!source) return undefined;
  const resolved = target.uri === undefined || !customExtension ? resolveAttrPath(kind, { ...(target.uri ? { uri: target.uri } : {}), attr: target.attr }) : undefined;
  const leaf = target.sub && resolved?.def.subAttributes ? resolved.def.subAttributes.find((s) => s.name.toLowerCase() === target.sub!.toLowerCase()) : resolved?.def;
  return { def: m, target, key: target.text, role, source, apply: m.apply ?? 'always', type: leaf?.type };
}

/**
 * Parses and checks the mappings of one object type: target paths, source attributes, expressions.
 * Every problem is reported at once, each naming the mapping, so an admin fixes them in one go.
 */
export function compileObjectMapping(kind: ResourceKind, om: ObjectMapping): CompiledObjectMapping {
  const problems: string[] = [];
  if (!om || !Array.isArray(om.mappings)) throw provError.invalid(`the ${kind === 'User' ? 'user' : 'group'} mappings must be a list`);
  const mappings: CompiledMapping[] = [];
  const keys = new Set<string>();
  om.mappings.forEach((m, i) => {
    const c = compileOne(kind, m, i, problems);
    if (!c) return;
    if (keys.has(c.key.toLowerCase())) problems.push(`${where(kind, i, m)}: ${c.key} is mapped twice`);
    keys.add(c.key.toLowerCase());
    mappings.push(c);
  });
  const matching = mappings.filter((m) => m.def.matching !== undefined).sort((a, b) => a.def.matching! - b.def.matching!);
  if (om.enabled !== false && !matching.length && !problems.length) {
    problems.push(`the ${kind === 'User' ? 'user' : 'group'} mappings need at least one matching attribute ("matching": 1), e.g. userName for users and displayName for groups`);
  }
  if (problems.length) throw provError.invalid(problems.join('; '), { problems });
  return { kind, enabled: kind === 'User' ? true : om.enabled !== false, mappings, matching, members: mappings.some((m) => m.role === 'members'), scoping: om.scoping ?? [] };
}
