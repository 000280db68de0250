import { describe, expect, it } from 'vitest';
import type { ExprValue } from '../mapping/expr-value.js';
import { evaluateOperator, findScopingOperator, scopingOperators } from './scoping-operators.js';

describe('scoping operators', () => {
  it.each<[string, ExprValue | undefined, string | undefined, boolean]>([
    ['EQUALS', 'Sales', 'Sales', true],
    ['EQUALS', 'sales', 'Sales', false],
    ['EQUALS', 42, '42', true],
    ['EQUALS', true, 'True', true],
    ['NOT EQUALS', 'Sales', 'Marketing', true],
    ['NOT EQUALS', 'Sales', 'Sales', false],
    ['NOT EQUALS', 'sales', 'Sales', true],
    ['IS TRUE', true, undefined, true],
    ['IS TRUE', 'True', undefined, true],
    ['IS TRUE', false, undefined, false],
    ['IS TRUE', 'yes', undefined, false],
    ['IS FALSE', false, undefined, true],
    ['IS FALSE', 'false', undefined, true],
    ['IS FALSE', true, undefined, false],
    ['IS NULL', undefined, undefined, true],
    ['IS NULL', null, undefined, true],
    ['IS NULL', '', undefined, true],
    ['IS NULL', [], undefined, true],
    ['IS NULL', 'x', undefined, false],
    ['IS NOT NULL', 'x', undefined, true],
    ['IS NOT NULL', { value: 'm1' }, undefined, true],
    ['IS NOT NULL', '', undefined, false],
    ['REGEX MATCH', 'a@domain.com', '.*\\@domain.com', true],
    ['REGEX MATCH', 'a@other.com', '.*\\@domain.com', false],
    ['REGEX MATCH', '42', '([1-9][0-9])', true],
    ['REGEX MATCH', '7', '([1-9][0-9])', false],
    ['REGEX MATCH', 'ABC', 'abc', false],
    ['NOT REGEX MATCH', 'a@other.com', '.*\\@domain.com', true],
    ['NOT REGEX MATCH', 'a@domain.com', '.*\\@domain.com', false],
    ['Greater_Than', '1500000', '1000000', true],
    ['Greater_Than', 1000000, '1000000', false],
    ['Greater_Than', '15x', '1', false],
    ['Greater_Than', '1.5', '1', false],
    ['Greater_Than_OR_EQUALS', '1000000', '1000000', true],
    ['Less_Than', '-5', '0', true],
    ['Less_Than', '2000000', '2000000', false],
    ['Less_Than_OR_EQUALS', 2000000, '2000000', true],
    ['Includes', 'Engineering', 'gine', true],
    ['Includes', 'Engineering', 'GINE', false],
    ['Not Includes', 'Engineering', 'Sales', true],
    ['Not Includes', 'Engineering', 'gine', false],
    ['STARTS_WITH', 'Engineering', 'Eng', true],
    ['STARTS_WITH', 'Engineering', 'eng', false],
    ['ENDS_WITH', 'a@contoso.com', '@contoso.com', true],
    ['ENDS_WITH', 'a@contoso.com', '@CONTOSO.com', false],
  ])('%s on %j with %j is %s', (op, actual, value, expected) => {
    expect(evaluateOperator(op, actual, value)).toBe(expected);
  });

  it.each(scopingOperators.filter((o) => o.name !== 'IS NULL').map((o) => o.name))('%s is false on a null or empty attribute', (name) => {
    for (const empty of [undefined, null, '', []]) expect(evaluateOperator(name, empty, name.includes('REGEX') ? '.*' : '1')).toBe(false);
  });

  it('holds on a multi-valued attribute when any value does; a negated operator when none does', () => {
    expect(evaluateOperator('EQUALS', ['a', 'b'], 'b')).toBe(true);
    expect(evaluateOperator('NOT EQUALS', ['a', 'b'], 'b')).toBe(false);
    expect(evaluateOperator('NOT EQUALS', ['a', 'b'], 'c')).toBe(true);
    expect(evaluateOperator('Includes', ['x', '', null], 'x')).toBe(true);
  });

  it('finds operators in any case, with spaces or underscores', () => {
    expect(findScopingOperator('not equals')?.name).toBe('NOT EQUALS');
    expect(findScopingOperator('NOT_EQUALS')?.name).toBe('NOT EQUALS');
    expect(findScopingOperator(' greater than or equals ')?.name).toBe('Greater_Than_OR_EQUALS');
    expect(findScopingOperator('Not_Includes')?.name).toBe('Not Includes');
    expect(findScopingOperator('regex_match')?.name).toBe('REGEX MATCH');
    expect(findScopingOperator('EQUAL')).toBeUndefined();
    expect(() => evaluateOperator('EQUAL', 'a', 'a')).toThrow(/unknown scoping operator "EQUAL"/);
  });

  it('lists every operator with its arity and value kind', () => {
    expect(scopingOperators.map((o) => o.name)).toEqual([
      'EQUALS', 'NOT EQUALS', 'IS TRUE', 'IS FALSE', 'IS NULL', 'IS NOT NULL', 'REGEX MATCH', 'NOT REGEX MATCH', 'Greater_Than',
      'Greater_Than_OR_EQUALS', 'Less_Than', 'Less_Than_OR_EQUALS', 'Includes', 'Not Includes', 'STARTS_WITH', 'ENDS_WITH',
    ]);
    expect(scopingOperators.find((o) => o.name === 'IS NULL')).toMatchObject({ arity: 'unary', valueKind: 'none' });
    expect(scopingOperators.find((o) => o.name === 'Less_Than')).toMatchObject({ arity: 'binary', valueKind: 'integer' });
    expect(scopingOperators.find((o) => o.name === 'REGEX MATCH')).toMatchObject({ arity: 'binary', valueKind: 'regex' });
  });
});
