import { isDeepStrictEqual } from 'node:util';
import type { ModifiedProperty } from '../logs/log-types.js';

/** One attribute operation of a minimal PATCH. */
export interface AttributeOp {
  op: 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** The operations that turn what the target has (or was last sent) into what the source now maps to, and old → new for the log. */
export interface ValueDiff {
  ops: AttributeOp[];
  modified: ModifiedProperty[];
  /** What the target holds after the ops: the new `sent`. */
  next: Record<string, unknown>;
}

/**
 * The minimal change: a replace for each attribute whose value differs, nothing for equal ones. An
 * attribute that has no value any more is removed only when `flowNull` is set (Entra never clears
 * target values); otherwise the target keeps it and so does `next`. `ignored` paths are left alone.
 */
export function diffValues(current: Record<string, unknown>, desired: Record<string, unknown>, opts: { flowNull: boolean; ignored?: Set<string>; redacted?: Set<string> }): ValueDiff {
  const ops: AttributeOp[] = [];
  const modified: ModifiedProperty[] = [];
  const next: Record<string, unknown> = { ...current };
  const shown = (path: string, v: unknown) => (opts.redacted?.has(path) && v !== undefined ? '[Redact]' : v);
  for (const [path, value] of Object.entries(desired)) {
    if (isDeepStrictEqual(current[path], value)) continue;
    ops.push({ op: 'replace', path, value });
    modified.push({ name: path, old: shown(path, current[path]), new: shown(path, value) });
    next[path] = value;
  }
  if (opts.flowNull) {
    for (const [path, value] of Object.entries(current)) {
      if (path in desired || opts.ignored?.has(path) || value === undefined) continue;
      ops.push({ op: 'remove', path });
      modified.push({ name: path, old: shown(path, value), new: null });
      delete next[path];
    }
  }
  return { ops, modified, next };
}
