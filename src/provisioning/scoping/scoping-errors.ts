import type { ScopingFilter } from './scoping-filter.js';

/** One thing wrong with a scoping filter, located by 0-based filter and clause index. */
export interface ScopingProblem {
  filter: number;
  clause: number;
  /** The part of the clause at fault. */
  field: 'attribute' | 'operator' | 'value';
  /** Names the filter (by number and title) and the clause, then says what is wrong. */
  message: string;
}

/** Thrown when filters that were never validated reach evaluation; carries every problem. */
export class ScopingError extends Error {
  readonly problems: ScopingProblem[];

  constructor(problems: ScopingProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'ScopingError';
    this.problems = problems;
  }
}

/** The one factory for scoping problems, so every message names its filter and clause the same way. */
export function scopingProblem(filters: readonly ScopingFilter[], filter: number, clause: number, field: ScopingProblem['field'], detail: string): ScopingProblem {
  const title = filters[filter]?.title?.trim();
  const where = `Scoping filter ${filter + 1}${title ? ` (${JSON.stringify(title)})` : ''}, clause ${clause + 1}`;
  return { filter, clause, field, message: `${where}: ${detail}` };
}
