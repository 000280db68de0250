/** An attribute path as written in a filter or PATCH path: optional schema URN, attribute, optional sub-attribute. */
export interface AttrPath {
  /** The schema URN prefix when the path was URN-qualified, e.g. the enterprise extension. */
  uri?: string;
  /** The attribute name as written (case-insensitive per RFC 7643 §2.1). */
  attr: string;
  /** The sub-attribute name for `name.givenName`-style paths. */
  sub?: string;
}

/** The comparison operators of RFC 7644 §3.4.2.2. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A literal in a filter: string, number, boolean or null (RFC 7644 compValue). */
export type CompValue = string | number | boolean | null;

/** A parsed SCIM filter; the one tree both the SQL compiler and the in-memory evaluator consume. */
export type Filter =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: CompValue }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; left: Filter; right: Filter }
  | { kind: 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /** `emails[type eq "work" and value co "@x"]`: the inner filter applies to each value of a multi-valued attribute. */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter };

/** A PATCH path (RFC 7644 §3.5.2): attrPath, or valuePath with an optional sub-attribute after the bracket. */
export interface PatchPath {
  path: AttrPath;
  /** The value filter inside brackets, e.g. `members[value eq "x"]`. */
  filter?: Filter;
  /** The sub-attribute after the bracket, e.g. `.value` in `emails[type eq "work"].value`. */
  subAfterFilter?: string;
}
