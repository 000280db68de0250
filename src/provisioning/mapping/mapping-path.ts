/** The literal of a mapping path's value filter: `type eq "work"`, `primary eq "True"`. */
export interface ValueSelector {
  /** The sub-attribute compared, e.g. `type`. */
  attr: string;
  value: string | number | boolean;
}

/**
 * A mapping source or target name parsed once: `userName`, `name.givenName`, `emails[type eq "work"].value`,
 * `urn:…:enterprise:2.0:User:department`. Names known to scimkit's schemas are in their canonical spelling.
 */
export interface MappingPath {
  /** The path printed canonically, e.g. `emails[type eq "work"].value`. */
  text: string;
  /** The extension schema URN when the attribute lives in an extension object. */
  uri?: string;
  attr: string;
  /** Picks one element of a multi-valued attribute. */
  filter?: ValueSelector;
  /** The sub-attribute: `givenName` of `name.givenName`, `value` of `emails[…].value`. */
  sub?: string;
  /** True for a singular reference (the enterprise `manager`): read and written through its `value`. */
  reference?: boolean;
}
