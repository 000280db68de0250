/**
 * A value as mappings, expressions and scoping filters see it: JSON, so it can come straight from a SCIM resource
 * and go straight into a SCIM request. Multi-valued attributes are arrays; complex values are objects.
 */
export type ExprValue = string | number | boolean | null | ExprValue[] | { [key: string]: ExprValue };

