/**
 * Copies `source`'s own keys onto `target`, leaving out `omit`: what `{ ...target, ...rest }` with an
 * object rest would do. Written as a loop because on Node 20 an object spread or rest of a non-literal
 * object costs about a microsecond, and a SCIM request made several of them (docs/architecture.md,
 * "Objects on the request path"). A `__proto__` key is copied as data, as a spread does, never as a prototype.
 */
export function assignWithout<T extends Record<string, unknown>>(target: T, source: Record<string, unknown>, omit: readonly string[]): T {
  for (const k of Object.keys(source)) {
    if (omit.includes(k)) continue;
    if (k === '__proto__') Object.defineProperty(target, k, { value: source[k], enumerable: true, writable: true, configurable: true });
    else (target as Record<string, unknown>)[k] = source[k];
  }
  return target;
}
