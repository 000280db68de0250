import type { AttributeDef } from './types.js';

type Opts = Partial<Omit<AttributeDef, 'name' | 'type'>>;

/** Builds an attribute definition with the RFC 7643 §2.2 defaults, so schema files list only what differs. */
export function attr(name: string, type: AttributeDef['type'], opts: Opts = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...opts,
  };
}

/** The sub-attributes every RFC 7643 multi-valued attribute shares (value, display, type, primary); `valueOpts` refines `value` (a reference's referenceTypes). */
export function multiValuedSubs(valueType: AttributeDef['type'] = 'string', types?: string[], extra: AttributeDef[] = [], valueOpts: Opts = {}): AttributeDef[] {
  return [
    attr('value', valueType, { description: 'The value.', ...valueOpts }),
    attr('display', 'string', { description: 'A human-readable name, primarily used for display purposes.' }),
    attr('type', 'string', { description: 'A label indicating the function.', ...(types ? { canonicalValues: types } : {}) }),
    attr('primary', 'boolean', { description: 'Indicates the primary or preferred value; at most one value may be primary.' }),
    ...extra,
  ];
}
