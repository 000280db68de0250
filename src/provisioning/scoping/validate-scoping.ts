import type { ResourceKind } from '../../scim/schema/types.js';
import { dotNetRegex } from '../mapping/expressions/dotnet-regex.js';
import { scopingProblem, type ScopingProblem } from './scoping-errors.js';
import type { ScopingFilter } from './scoping-filter.js';
import { findScopingOperator, scopingOperators } from './scoping-operators.js';

/** What validation needs to know about the source objects the filters will scope. */
export interface ScopingValidationOptions {
  kind: ResourceKind;
  /** True when the name is a source attribute of that kind. */
  isKnownAttribute(name: string): boolean;
}

const OPERATOR_NAMES = scopingOperators.map((o) => o.name).join(', ');

/**
 * Checks scoping filters before they are saved: a known attribute, a known operator (the valid ones listed),
 * a value exactly when the operator takes one, a regex that compiles, an integer for the numeric comparisons.
 * Returns every problem (none means valid), each naming its filter and clause.
 */
export function validateScopingFilters(filters: readonly ScopingFilter[], options: ScopingValidationOptions): ScopingProblem[] {
  const problems: ScopingProblem[] = [];
  filters.forEach((filter, f) => {
    const at = (c: number, field: ScopingProblem['field'], detail: string) => problems.push(scopingProblem(filters, f, c, field, detail));
    if (!Array.isArray(filter?.clauses) || filter.clauses.length === 0) {
      at(0, 'attribute', 'a scoping filter needs at least one clause');
      return;
    }
    filter.clauses.forEach((clause, c) => {
      const attribute = typeof clause?.attribute === 'string' ? clause.attribute.trim() : '';
      if (attribute === '') at(c, 'attribute', 'the attribute is missing');
      else if (!options.isKnownAttribute(attribute)) at(c, 'attribute', `unknown ${options.kind} attribute ${JSON.stringify(attribute)}`);
      const op = typeof clause?.operator === 'string' ? findScopingOperator(clause.operator) : undefined;
      if (!op) {
        at(c, 'operator', `unknown operator ${JSON.stringify(clause?.operator ?? '')}; valid operators: ${OPERATOR_NAMES}`);
        return;
      }
      const value = clause.value;
      const hasValue = value !== undefined && value !== null && value !== '';
      if (op.arity === 'unary') {
        if (hasValue) at(c, 'value', `${op.name} takes no value, found ${JSON.stringify(value)}`);
        return;
      }
      if (!hasValue) {
        at(c, 'value', `${op.name} needs a value${op.name === 'EQUALS' ? ' (to test for an empty attribute, use IS NULL)' : ''}`);
        return;
      }
      if (typeof value !== 'string') at(c, 'value', `the value must be text, found ${JSON.stringify(value)}`);
      else if (op.valueKind === 'integer' && !/^\s*[+-]?\d+\s*$/.test(value)) at(c, 'value', `${op.name} compares integers; ${JSON.stringify(value)} is not an integer`);
      else if (op.valueKind === 'regex') {
        try {
          dotNetRegex(value);
        } catch (err) {
          at(c, 'value', (err as Error).message);
        }
      }
    });
  });
  return problems;
}
