import type { AttrPath, CompValue, Filter, PatchPath } from './ast.js';

/** Prints an attribute path as a client would write it: `urn:…:User:manager.value`. */
export function formatAttrPath(path: AttrPath): string {
  return `${path.uri !== undefined ? `${path.uri}:` : ''}${path.attr}${path.sub !== undefined ? `.${path.sub}` : ''}`;
}

/** Prints a literal as RFC 7644 compValue (JSON), keeping -0 so printing then parsing gives the same value back. */
export function formatCompValue(value: CompValue): string {
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return JSON.stringify(value);
}

/** Binding strength: `or` is loosest, `and` binds tighter, everything else is atomic. */
function rank(f: Filter): number {
  return f.kind === 'or' ? 1 : f.kind === 'and' ? 2 : 3;
}

function child(f: Filter, minRank: number): string {
  const text = formatFilter(f);
  return rank(f) < minRank ? `(${text})` : text;
}

/**
 * Prints a filter in canonical RFC 7644 syntax, for logs and tests; `parseFilter(formatFilter(f))` deep-equals `f`.
 * Parentheses are added only where precedence or left-associativity needs them.
 */
export function formatFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${formatAttrPath(filter.path)} ${filter.op} ${formatCompValue(filter.value)}`;
    case 'present':
      return `${formatAttrPath(filter.path)} pr`;
    case 'and':
      return `${child(filter.left, 2)} and ${child(filter.right, 3)}`;
    case 'or':
      return `${child(filter.left, 1)} or ${child(filter.right, 2)}`;
    case 'not':
      return `not (${formatFilter(filter.filter)})`;
    case 'valuePath':
      return `${formatAttrPath(filter.path)}[${formatFilter(filter.filter)}]`;
  }
}

/** Prints a PATCH path, e.g. `emails[type eq "work"].value`, for logs and error details. */
export function formatPatchPath(p: PatchPath): string {
  const filter = p.filter ? `[${formatFilter(p.filter)}]` : '';
  const sub = p.subAfterFilter !== undefined ? `.${p.subAfterFilter}` : '';
  return `${formatAttrPath(p.path)}${filter}${sub}`;
}
