import type { ScopingFilter } from '../scoping/index.js';

/** Where a target attribute's value comes from: Entra's mapping types. */
export type MappingSource =
  | { type: 'direct'; attribute: string }
  | { type: 'constant'; value: string }
  | { type: 'expression'; expression: string };

/** One attribute mapping: a target SCIM path, its source, when it applies, and its matching precedence. */
export interface AttributeMapping {
  target: string;
  source: MappingSource;
  /** 'always' (create and update) or 'create' (Entra's "Only during creation"). */
  apply?: 'always' | 'create';
  /** Matching precedence: 1 is tried first; absent means not a matching attribute. */
  matching?: number;
  /** Written on create when the source gives nothing (Entra's "Default value if null"). */
  defaultValue?: string;
}

/** The mappings of one object type (users or groups), with the scoping filters that decide who is in scope. */
export interface ObjectMapping {
  enabled: boolean;
  mappings: AttributeMapping[];
  scoping: ScopingFilter[];
}

/** An app's mappings: users (always enabled) and groups. */
export interface AppMappings {
  users: ObjectMapping;
  groups: ObjectMapping;
}
