import type { ScimResource } from '../client/list-response.js';
import type { LogStep } from '../logs/log-types.js';
import type { CompiledMapping, CompiledObjectMapping } from '../mapping/compile-mappings.js';
import type { CycleRun } from './cycle-run.js';

/** Several target objects share a matching value: provisioning it would pick one at random, so it fails instead (Entra's DuplicateTargetEntries). */
export class DuplicateTargetError extends Error {
  readonly code = 'DuplicateTargetEntries';
  constructor(message: string) {
    super(message);
    this.name = 'DuplicateTargetError';
  }
}

/** The result of matching: the target object found (or none), the attribute that found it, and the step for the log. */
export interface MatchResult {
  target: ScimResource | null;
  via: string | null;
  step: LogStep;
  /** False when the object has no value for any matching attribute (Entra skips it). */
  hasMatchingValue: boolean;
}

/** The filter that finds a value at a mapping path: `userName eq "x"`, or `emails[type eq "work" and value eq "x"]`. */
export function matchingFilter(m: CompiledMapping, value: string | number | boolean): string {
  const lit = (v: string | number | boolean) => JSON.stringify(v);
  const t = m.target;
  const attr = `${t.uri ? `${t.uri}:` : ''}${t.attr}`;
  if (t.filter) return `${attr}[${t.filter.attr} eq ${lit(t.filter.value)} and ${t.sub ?? 'value'} eq ${lit(value)}]`;
  return `${attr}${t.sub ? `.${t.sub}` : ''} eq ${lit(value)}`;
}

function scalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Looks for the object in the target by its matching attributes, in precedence order; the first
 * attribute that finds exactly one object wins; more than one is an error, never a guess. Runs
 * before every create, so a create whose answer was lost (a crash, a timeout) is found, not repeated.
 * A value the cycle's target snapshot proves absent is not looked up (see target-snapshot.ts), unless
 * `askTarget` is set: after a 409 or a lost answer the target itself is asked.
 */
export async function matchTarget(run: CycleRun, om: CompiledObjectMapping, values: Record<string, unknown>, opts: { askTarget?: boolean } = {}): Promise<MatchResult> {
  const snapshot = om.kind === 'User' && !opts.askTarget ? run.userSnapshot : undefined;
  const tried: Record<string, unknown>[] = [];
  const resourceType = om.kind === 'User' ? 'Users' : 'Groups';
  const sel = om.kind === 'Group' ? { excludedAttributes: ['members'] } : undefined;
  for (const m of om.matching) {
    const value = values[m.key];
    if (!scalar(value)) {
      tried.push({ attribute: m.key, value: null, matches: 'no value' });
      continue;
    }
    if (snapshot && !snapshot.mayHold(m.key, value)) {
      tried.push({ attribute: m.key, value, matches: 0, from: 'the target snapshot read at the start of the cycle' });
      continue;
    }
    const found = await run.client.findByFilter(resourceType, matchingFilter(m, value), sel);
    tried.push({ attribute: m.key, value, matches: found.length });
    if (found.length > 1) {
      throw new DuplicateTargetError(`${found.length} target ${om.kind === 'User' ? 'users' : 'groups'} have ${m.key} = ${JSON.stringify(value)}; make the matching attribute unique in the target`);
    }
    if (found.length === 1) {
      return { target: found[0]!, via: m.key, hasMatchingValue: true, step: { name: 'match', status: 'success', description: `matched target ${found[0]!.id} on ${m.key}`, details: { tried } } };
    }
  }
  const hasMatchingValue = tried.some((t) => t.value !== null);
  return {
    target: null,
    via: null,
    hasMatchingValue,
    step: hasMatchingValue
      ? { name: 'match', status: 'success', description: 'no target object matches', details: { tried } }
      : { name: 'match', status: 'skipped', description: 'the object has no value for any matching attribute', details: { tried } },
  };
}
