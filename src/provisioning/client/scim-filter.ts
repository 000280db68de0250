/** A value a matching attribute can be compared with. */
export type FilterValue = string | number | boolean;

// RFC 7644 attrPath: an optional schema URN, an attribute name, an optional sub-attribute.
const ATTR_PATH = /^(?:urn:[A-Za-z0-9][A-Za-z0-9:._-]*:)?[A-Za-z$][\w$-]*(?:\.[A-Za-z$][\w$-]*)?$/;

/** True for a valid RFC 7644 attribute path, so nothing but a path can reach the filter text. */
export function isAttrPath(path: string): boolean {
  return ATTR_PATH.test(path);
}

/**
 * `<attrPath> eq <value>` as RFC 7644 §3.4.2.2 writes it: the value is a JSON literal, so `"` and `\` and
 * control characters are escaped (Entra fails on such values; a scimkit engine must not). URL encoding is
 * left to the query encoder.
 */
export function eqFilter(attrPath: string, value: FilterValue): string {
  if (!isAttrPath(attrPath)) throw new TypeError(`not a SCIM attribute path: ${JSON.stringify(attrPath)}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`cannot filter ${attrPath} on ${value}`);
  return `${attrPath} eq ${JSON.stringify(value)}`;
}
