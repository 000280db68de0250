import { describe, expect, it } from 'vitest';
import { isKnownSourceAttribute } from '../mapping/source-attributes.js';
import type { ScopingFilter } from './scoping-filter.js';
import { validateScopingFilters } from './validate-scoping.js';

const validate = (filters: ScopingFilter[]) => validateScopingFilters(filters, { kind: 'User', isKnownAttribute: (n) => isKnownSourceAttribute('User', n) });
const messages = (filters: ScopingFilter[]) => validate(filters).map((p) => p.message);

describe('validateScopingFilters', () => {
  it('accepts the reference\'s common filters and every operator used properly', () => {
    expect(
      validate([
        { title: 'Domain', clauses: [{ attribute: 'userPrincipalName', operator: 'REGEX MATCH', value: '.*\\@domain.com' }] },
        { clauses: [{ attribute: 'userPrincipalName', operator: 'NOT REGEX MATCH', value: '.*\\@domain.com' }] },
        { clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'sales' }] },
        { clauses: [{ attribute: 'employeeId', operator: 'REGEX MATCH', value: '(1[0-9][0-9][0-9][0-9][0-9][0-9])' }] },
        { clauses: [{ attribute: 'employeeId', operator: 'greater_than', value: ' 1000 ' }, { attribute: 'jobTitle', operator: 'IS NOT NULL', value: '' }] },
        { clauses: [{ attribute: 'emails[type eq "work"].value', operator: 'ENDS_WITH', value: '@x.com' }, { attribute: 'accountEnabled', operator: 'IS TRUE' }] },
      ]),
    ).toEqual([]);
  });

  it('names the filter (number and title) and the clause, and lists the valid operators', () => {
    expect(validate([{ clauses: [{ attribute: 'department', operator: 'EQUAL', value: 'x' }] }, { title: 'Sales', clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'x' }, { attribute: 'department', operator: 'LIKE', value: 'x' }] }])).toEqual([
      {
        filter: 0,
        clause: 0,
        field: 'operator',
        message:
          'Scoping filter 1, clause 1: unknown operator "EQUAL"; valid operators: EQUALS, NOT EQUALS, IS TRUE, IS FALSE, IS NULL, IS NOT NULL, REGEX MATCH, NOT REGEX MATCH, Greater_Than, Greater_Than_OR_EQUALS, Less_Than, Less_Than_OR_EQUALS, Includes, Not Includes, STARTS_WITH, ENDS_WITH',
      },
      expect.objectContaining({ filter: 1, clause: 1, field: 'operator', message: expect.stringMatching(/^Scoping filter 2 \("Sales"\), clause 2: unknown operator "LIKE"/) }),
    ]);
  });

  it.each<[ScopingFilter['clauses'][number], RegExp]>([
    [{ attribute: 'department', operator: 'EQUALS' }, /clause 1: EQUALS needs a value \(to test for an empty attribute, use IS NULL\)$/],
    [{ attribute: 'department', operator: 'Includes', value: '' }, /Includes needs a value$/],
    [{ attribute: 'department', operator: 'IS NULL', value: 'x' }, /IS NULL takes no value, found "x"/],
    [{ attribute: 'department', operator: 'REGEX MATCH', value: '([a-z]' }, /invalid regular expression "\(\[a-z\]"/],
    [{ attribute: 'employeeId', operator: 'Greater_Than', value: '1.5' }, /Greater_Than compares integers; "1.5" is not an integer/],
    [{ attribute: 'employeeId', operator: 'Less_Than', value: 'ten' }, /Less_Than compares integers/],
    [{ attribute: 'departmnet', operator: 'EQUALS', value: 'x' }, /unknown User attribute "departmnet"/],
    [{ attribute: ' ', operator: 'EQUALS', value: 'x' }, /the attribute is missing/],
  ])('refuses %j', (clause, message) => {
    const found = messages([{ clauses: [clause] }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('refuses a filter without clauses', () => {
    expect(messages([{ title: 'Empty', clauses: [] }])).toEqual(['Scoping filter 1 ("Empty"), clause 1: a scoping filter needs at least one clause']);
  });

  it('checks group attributes against the group kind', () => {
    const problems = validateScopingFilters([{ clauses: [{ attribute: 'givenName', operator: 'IS NOT NULL' }] }], { kind: 'Group', isKnownAttribute: (n) => isKnownSourceAttribute('Group', n) });
    expect(problems.map((p) => p.message)).toEqual(['Scoping filter 1, clause 1: unknown Group attribute "givenName"']);
  });
});
