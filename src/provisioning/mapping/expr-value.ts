/**
 * A value as mappings, expressions and scoping filters see it: JSON, so it can come straight from a SCIM resource
 * and go straight into a SCIM request. Multi-valued attributes are arrays; complex values are objects.
 */
export type ExprValue = string | number | boolean | null | ExprValue[] | { [key: string]: ExprValue };

/** Entra's "null": an absent attribute (undefined) or an explicit JSON null. */
export function isNullValue(v: ExprValue | undefined): v is null | undefined {
  return v === undefined || v === null;
}

/** Entra's "null or empty": null, "", or a multi-valued attribute with no values. */
export function isNullOrEmptyValue(v: ExprValue | undefined): boolean {
  return isNullValue(v) || v === '' || (Array.isArray(v) && v.length === 0);
}
