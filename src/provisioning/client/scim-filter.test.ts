import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../scim/filter/parse-filter.js';
import { eqFilter, isAttrPath } from './scim-filter.js';

describe('eqFilter', () => {
  it('quotes strings as JSON literals', () => {
    expect(eqFilter('userName', 'ada@example.com')).toBe('userName eq "ada@example.com"');
  });

  it('escapes quotes, backslashes and control characters, and the result parses back to the same value', () => {
    const nasty = 'O"Brien \\ path\\to\nnew\tline \u0001 é 漢 "quoted" \\"';
    const text = eqFilter('externalId', nasty);
    expect(text).toBe(`externalId eq ${JSON.stringify(nasty)}`);
    const f = parseFilter(text);
    expect(f).toMatchObject({ kind: 'compare', op: 'eq', value: nasty });
  });

  it('writes numbers and booleans as literals', () => {
    expect(eqFilter('active', true)).toBe('active eq true');
    expect(eqFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', 42)).toBe(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq 42',
    );
  });

  it('refuses anything that is not an attribute path, so nothing can be smuggled into the filter', () => {
    for (const bad of ['userName or 1 eq 1', 'userName"', 'emails[type eq "work"].value', '', 'a.b.c', '1abc']) {
      expect(isAttrPath(bad)).toBe(false);
      expect(() => eqFilter(bad, 'x')).toThrow(/not a SCIM attribute path/);
    }
    expect(() => eqFilter('x', Number.NaN)).toThrow(/cannot filter/);
  });

  it('accepts sub-attributes and URN-qualified paths', () => {
    for (const ok of ['name.givenName', 'emails.value', 'urn:ietf:params:scim:schemas:core:2.0:User:userName', 'members.$ref']) {
      expect(isAttrPath(ok)).toBe(true);
    }
  });
});
