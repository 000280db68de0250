import { describe, expect, it } from 'vitest';
import type { ExprValue } from '../mapping/expr-value.js';
import { resolveSourceAttribute, type SourceObject } from '../mapping/source-attributes.js';
import { evaluateScoping } from './evaluate-scoping.js';
import { ScopingError } from './scoping-errors.js';
import type { ScopingFilter } from './scoping-filter.js';

const from = (attrs: Record<string, ExprValue>) => (name: string) => attrs[name];

describe('evaluateScoping', () => {
  it('puts everything in scope when there are no filters', () => {
    expect(evaluateScoping([], () => undefined)).toEqual({ inScope: true, clauses: [] });
  });

  it('ANDs clauses within a filter and ORs filters: the truth table of 2 filters × 2 clauses', () => {
    const filters: ScopingFilter[] = [
      { title: 'A and B', clauses: [{ attribute: 'a', operator: 'IS TRUE' }, { attribute: 'b', operator: 'IS TRUE' }] },
      { title: 'C and D', clauses: [{ attribute: 'c', operator: 'IS TRUE' }, { attribute: 'd', operator: 'IS TRUE' }] },
    ];
    for (let bits = 0; bits < 16; bits++) {
      const [a, b, c, d] = [8, 4, 2, 1].map((m) => (bits & m) !== 0);
      const outcome = evaluateScoping(filters, from({ a, b, c, d }));
      expect(outcome.inScope, `a=${a} b=${b} c=${c} d=${d}`).toBe((a && b) || (c && d));
      expect(outcome.clauses.map((x) => x.result)).toEqual([a, b, c, d]);
    }
  });

  it('evaluates the reference\'s example filter (New York engineers with an employee ID from 1,000,000 to 2,000,000 and a job title)', () => {
    const filters: ScopingFilter[] = [
      {
        title: 'NY engineering',
        clauses: [
          { attribute: 'state', operator: 'EQUALS', value: 'New York' },
          { attribute: 'department', operator: 'EQUALS', value: 'Engineering' },
          { attribute: 'employeeId', operator: 'Greater_Than_OR_EQUALS', value: '1000000' },
          { attribute: 'employeeId', operator: 'Less_Than_OR_EQUALS', value: '2000000' },
          { attribute: 'jobTitle', operator: 'IS NOT NULL' },
        ],
      },
    ];
    const user = (overrides: Record<string, unknown>): SourceObject => ({
      kind: 'User',
      id: 'u1',
      isSoftDeleted: false,
      appRoles: [],
      doc: {
        userName: 'a@x',
        title: 'Engineer',
        addresses: [{ type: 'work', region: 'New York' }],
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Engineering', employeeNumber: '1500000' },
        ...overrides,
      },
    });
    const run = (u: SourceObject) => evaluateScoping(filters, (name) => resolveSourceAttribute(u, name));
    expect(run(user({})).inScope).toBe(true);
    expect(run(user({ title: undefined })).inScope).toBe(false);
    expect(run(user({ 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Engineering', employeeNumber: '2000001' } })).inScope).toBe(false);
    expect(run(user({ 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'engineering', employeeNumber: '1500000' } })).inScope).toBe(false);
    expect(run(user({})).clauses[2]).toEqual({ filter: 0, clause: 2, attribute: 'employeeId', operator: 'Greater_Than_OR_EQUALS', value: '1000000', actual: '1500000', result: true });
  });

  it('takes NOT EQUALS on a null attribute as false, so the object is out of scope (as Entra documents)', () => {
    const outcome = evaluateScoping([{ clauses: [{ attribute: 'department', operator: 'NOT EQUALS', value: 'Sales' }] }], () => undefined);
    expect(outcome).toEqual({ inScope: false, clauses: [{ filter: 0, clause: 0, attribute: 'department', operator: 'NOT EQUALS', value: 'Sales', actual: null, result: false }] });
  });

  it('reports operators by their canonical name and evaluates every clause', () => {
    const outcome = evaluateScoping(
      [{ clauses: [{ attribute: 'a', operator: 'is_null' }, { attribute: 'a', operator: 'regex match', value: '^x' }] }, { clauses: [{ attribute: 'b', operator: 'includes', value: 'y' }] }],
      from({ b: 'xyz' }),
    );
    expect(outcome.inScope).toBe(true);
    expect(outcome.clauses.map((c) => [c.operator, c.result])).toEqual([['IS NULL', true], ['REGEX MATCH', false], ['Includes', true]]);
  });

  it('refuses filters that do not validate, with every problem', () => {
    const bad: ScopingFilter[] = [{ title: 'x', clauses: [{ attribute: 'a', operator: 'EQUAL', value: 'b' }, { attribute: 'a', operator: 'REGEX MATCH', value: '(' }] }];
    expect(() => evaluateScoping(bad, () => 'b')).toThrow(ScopingError);
    try {
      evaluateScoping(bad, () => 'b');
    } catch (err) {
      expect((err as ScopingError).problems.map((p) => [p.clause, p.field])).toEqual([[0, 'operator'], [1, 'value']]);
    }
  });
});
