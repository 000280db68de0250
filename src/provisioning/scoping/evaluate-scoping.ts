import type { ExprValue } from '../mapping/expr-value.js';
import { ScopingError } from './scoping-errors.js';
import type { ScopingFilter } from './scoping-filter.js';
import { evaluateOperator, findScopingOperator } from './scoping-operators.js';
import { validateScopingFilters } from './validate-scoping.js';

/** How one clause came out for one object, for provision-on-demand steps and the provisioning logs. */
export interface ClauseOutcome {
  /** 0-based index of the filter. */
  filter: number;
  /** 0-based index of the clause in its filter. */
  clause: number;
  attribute: string;
  /** The operator's canonical name. */
  operator: string;
  value: string | undefined;
  /** The object's value of the attribute (null when absent). */
  actual: ExprValue;
  result: boolean;
}

/** Filter lists already checked: an app's filters are evaluated for every object of a cycle, checked once. */
const checked = new WeakSet<readonly ScopingFilter[]>();

/** Whether an object is in scope, and why. */
export interface ScopingOutcome {
  inScope: boolean;
  clauses: ClauseOutcome[];
}

/**
 * Evaluates an app's scoping filters for one object: clauses AND-ed within a filter, filters OR-ed, no filters means
 * in scope. Every clause is evaluated, so the outcome explains the decision. Throws a ScopingError for filters that
 * do not validate (unknown operator, missing value, bad regex); attributes are not checked here.
 */
export function evaluateScoping(filters: readonly ScopingFilter[], resolve: (attribute: string) => ExprValue | undefined): ScopingOutcome {
  if (!checked.has(filters)) {
    const problems = validateScopingFilters(filters, { kind: 'User', isKnownAttribute: () => true });
    if (problems.length > 0) throw new ScopingError(problems);
    checked.add(filters);
  }
  const clauses: ClauseOutcome[] = [];
  let inScope = filters.length === 0;
  filters.forEach((filter, f) => {
    let all = true;
    filter.clauses.forEach((clause, c) => {
      const attribute = clause.attribute.trim();
      const actual = resolve(attribute);
      const result = evaluateOperator(clause.operator, actual, clause.value);
      all &&= result;
      clauses.push({ filter: f, clause: c, attribute, operator: findScopingOperator(clause.operator)!.name, value: clause.value, actual: actual ?? null, result });
    });
    inScope ||= all;
  });
  return { inScope, clauses };
}
