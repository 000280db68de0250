import { describe, expect, it } from 'vitest';
import type { CompValue, Filter } from './ast.js';
import { formatFilter } from './format-filter.js';
import { MAX_FILTER_DEPTH, parseFilter } from './parse-filter.js';
import { expectError } from '../../../test/support/scim-error-of.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const eq = (attr: string, value: CompValue, sub?: string): Filter => ({
  kind: 'compare',
  path: sub === undefined ? { attr } : { attr, sub },
  op: 'eq',
  value,
});


describe('parseFilter: the RFC 7644 §3.4.2.2 example filters', () => {
  const examples = [
    'userName eq "bjensen"',
    `name.familyName co "O'Malley"`,
    'userName sw "J"',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    'title pr',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified ge "2011-05-13T04:42:34Z"',
    'meta.lastModified lt "2011-05-13T04:42:34Z"',
    'meta.lastModified le "2011-05-13T04:42:34Z"',
    'title pr and userType eq "Employee"',
    'title pr or userType eq "Intern"',
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and (emails.type eq "work")',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
  ];
  it.each(examples)('parses and round-trips %s', (text) => {
    const f = parseFilter(text);
    expect(parseFilter(formatFilter(f))).toEqual(f);
  });

  it('builds the expected trees', () => {
    expect(parseFilter('userName eq "bjensen"')).toEqual(eq('userName', 'bjensen'));
    expect(parseFilter('title pr')).toEqual({ kind: 'present', path: { attr: 'title' } });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"')).toEqual({
      kind: 'compare', path: { uri: CORE, attr: 'userName' }, op: 'sw', value: 'J',
    });
    expect(parseFilter('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")')).toEqual({
      kind: 'and',
      left: { kind: 'compare', path: { attr: 'userType' }, op: 'ne', value: 'Employee' },
      right: {
        kind: 'not',
        filter: {
          kind: 'or',
          left: { kind: 'compare', path: { attr: 'emails' }, op: 'co', value: 'example.com' },
          right: { kind: 'compare', path: { attr: 'emails', sub: 'value' }, op: 'co', value: 'example.org' },
        },
      },
    });
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toEqual({
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: { kind: 'and', left: eq('type', 'work'), right: { kind: 'compare', path: { attr: 'value' }, op: 'co', value: '@x' } },
    });
  });
});

describe('parseFilter: precedence, case and whitespace', () => {
  it('binds and tighter than or, both left-associative', () => {
    const f = parseFilter('a eq 1 or b eq 2 and c eq 3 or d eq 4');
    expect(formatFilter(f)).toBe('a eq 1 or b eq 2 and c eq 3 or d eq 4');
    expect(f).toEqual({ kind: 'or', left: { kind: 'or', left: eq('a', 1), right: { kind: 'and', left: eq('b', 2), right: eq('c', 3) } }, right: eq('d', 4) });
    expect(parseFilter('(a eq 1 or b eq 2) and c eq 3')).toMatchObject({ kind: 'and', left: { kind: 'or' } });
    expect(parseFilter('a pr and b pr and c pr')).toMatchObject({ kind: 'and', left: { kind: 'and' } });
  });
  it('accepts operators, keywords and literals in any case and keeps names as written', () => {
    expect(parseFilter('USERNAME EQ "x"')).toEqual(eq('USERNAME', 'x'));
    expect(parseFilter('userName Eq "x" AND active eQ TRUE Or title PR')).toMatchObject({ kind: 'or', left: { kind: 'and', right: eq('active', true) } });
    expect(parseFilter('NOT (a eq False) and b eq NULL')).toMatchObject({ kind: 'and', left: { kind: 'not', filter: eq('a', false) }, right: eq('b', null) });
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(parseFilter(`x ${op.toUpperCase()} "v"`)).toMatchObject({ op });
    }
  });
  it('accepts extra whitespace anywhere', () => {
    expect(parseFilter('  (  userName   eq\t"x"  )  and\n ( title pr ) ')).toEqual({ kind: 'and', left: eq('userName', 'x'), right: { kind: 'present', path: { attr: 'title' } } });
    expect(parseFilter('emails [ type eq "work" ] ')).toMatchObject({ kind: 'valuePath' });
    expect(parseFilter('not(a pr)')).toMatchObject({ kind: 'not' });
  });
  it('parses what Entra sends', () => {
    expect(parseFilter('userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"')).toEqual(eq('userName', 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081'));
    expect(parseFilter('externalId eq "johnwong"')).toEqual(eq('externalId', 'johnwong'));
    expect(parseFilter('displayName eq "Group One"')).toEqual(eq('displayName', 'Group One'));
  });
  it('tolerates unquoted words as strings (Microsoft docs show `externalId eq jyoung`)', () => {
    expect(parseFilter('externalId eq jyoung')).toEqual(eq('externalId', 'jyoung'));
    expect(parseFilter('userName eq bjensen@example.com and active eq true')).toEqual({ kind: 'and', left: eq('userName', 'bjensen@example.com'), right: eq('active', true) });
    expect(parseFilter('externalId eq 00123')).toEqual(eq('externalId', '00123'));
    expect(parseFilter('externalId eq 123')).toEqual(eq('externalId', 123));
    expect(formatFilter(parseFilter('externalId eq jyoung'))).toBe('externalId eq "jyoung"');
  });
  it('reads emails[…].value eq "x" as one value filter', () => {
    expect(parseFilter('emails[type eq "work"].value eq "a@x"')).toEqual({
      kind: 'valuePath', path: { attr: 'emails' }, filter: { kind: 'and', left: eq('type', 'work'), right: eq('value', 'a@x') },
    });
  });
});

describe('parseFilter: paths and literals', () => {
  it('splits URNs at the last colon', () => {
    expect(parseFilter(`${ENT}:employeeNumber eq "42"`)).toEqual({ kind: 'compare', path: { uri: ENT, attr: 'employeeNumber' }, op: 'eq', value: '42' });
    expect(parseFilter(`${CORE}:name.givenName eq "B"`)).toEqual({ kind: 'compare', path: { uri: CORE, attr: 'name', sub: 'givenName' }, op: 'eq', value: 'B' });
    expect(parseFilter(`${ENT}:manager.value eq "m"`)).toMatchObject({ path: { uri: ENT, attr: 'manager', sub: 'value' } });
    expect(parseFilter('meta.lastModified pr')).toEqual({ kind: 'present', path: { attr: 'meta', sub: 'lastModified' } });
    expect(parseFilter('members[$ref pr]')).toMatchObject({ filter: { path: { attr: '$ref' } } });
  });
  it('decodes JSON string escapes', () => {
    expect(parseFilter(String.raw`a eq "q\"b\\s\/\u00e9\u00E9\n\t"`)).toEqual(eq('a', 'q"b\\s/éé\n\t'));
    expect(parseFilter('a eq ""')).toEqual(eq('a', ''));
    expect(parseFilter('a eq "日本 ✓ 😀"')).toEqual(eq('a', '日本 ✓ 😀'));
    expect(parseFilter('a eq "x\\" OR 1=1 --"')).toEqual(eq('a', 'x" OR 1=1 --'));
  });
  it('reads strings with and without escapes beside each other, and words that touch quotes and brackets', () => {
    // A string without a backslash before its closing quote is one slice; an escape anywhere in it takes the decoding path.
    expect(parseFilter(String.raw`a eq "plain" and b eq "x\ny"`)).toEqual({ kind: 'and', left: eq('a', 'plain'), right: eq('b', 'x\ny') });
    expect(parseFilter(String.raw`a eq "x\"y" or b eq "z"`)).toEqual({ kind: 'or', left: eq('a', 'x"y'), right: eq('b', 'z') });
    expect(parseFilter('userName eq"bjensen"')).toEqual(eq('userName', 'bjensen'));
    expect(parseFilter('emails[type eq"work"]')).toEqual({ kind: 'valuePath', path: { attr: 'emails' }, filter: eq('type', 'work') });
    expect(parseFilter('(a eq "1")and(b eq "2")')).toEqual({ kind: 'and', left: eq('a', '1'), right: eq('b', '2') });
    // Any whitespace String.prototype.trim knows separates words: a tab, a no-break space.
    expect(parseFilter('a\teq\u00a0"x"')).toEqual(eq('a', 'x'));
  });
  it('reads JSON numbers', () => {
    const cases: [string, number][] = [['0', 0], ['42', 42], ['-7', -7], ['3.25', 3.25], ['-0.5', -0.5], ['1e3', 1000], ['2.5E-2', 0.025], ['-1e+2', -100]];
    for (const [text, n] of cases) expect(parseFilter(`x gt ${text}`)).toMatchObject({ value: n });
  });
});

describe('parseFilter: errors are 400 invalidFilter with a position', () => {
  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['userName eq', /missing value after "eq" at position 10/],
    ["userName eq 'bjensen'", /double quotes/],
    ['userName eq and title pr', /missing value after "eq"/],
    ['userName eq )', /missing value/],
    ['userName eqq "x"', /unknown operator "eqq" at position 10/],
    ['userName "x"', /expected an operator/],
    ['userName', /expected an operator/],
    ['(userName eq "x"', /expected "\)" to close "\(" at position 1/],
    ['userName eq "x")', /unbalanced "\)" at position 16/],
    ['emails[type eq "work"', /expected "]"/],
    ['emails type eq "work"]', /unknown operator|operator/],
    ['userName eq "x', /unterminated string starting at position 13/],
    ['userName eq "\\x"', /invalid escape/],
    ['userName eq "\\u12"', /\\u escape/],
    ['userName eq "x" garbage', /expected "and", "or"/],
    ['userName eq "x" and', /end of input/],
    ['and userName pr', /expected a filter expression/],
    ['not userName pr', /expected "\(" after "not"/],
    ['emails[type eq "work"][value pr]', /expected "and", "or"/],
    ['emails[members[value pr]]', /cannot be nested/],
    ['emails[name.givenName pr]', /plain sub-attribute/],
    ['name.givenName[value pr]', /plain attribute/],
    ['a.b.c pr', /more than one sub-attribute/],
    ['9abc pr', /invalid attribute name/],
    ['foo: pr', /missing attribute name|invalid schema URI/],
    ['x eq 1e999', /out of range/],
    ['()', /expected an attribute name/],
    ['x pr pr', /expected "and", "or"/],
    ['x'.repeat(10_001), /limit is 10000/],
    ['('.repeat(MAX_FILTER_DEPTH + 1) + 'a pr' + ')'.repeat(MAX_FILTER_DEPTH + 1), /nesting deeper than 50/],
    ['('.repeat(9000), /nesting deeper/],
    ['not ('.repeat(60) + 'a pr' + ')'.repeat(60), /nesting deeper/],
    [Array.from({ length: 201 }, (_, i) => `a${i} pr`).join(' or '), /more than 200/],
  ];
  it.each(bad)('rejects %j', (text, detail) => expectError(() => parseFilter(text), 'invalidFilter', detail));

  it('accepts nesting up to the limit', () => {
    const d = MAX_FILTER_DEPTH;
    expect(parseFilter('('.repeat(d) + 'a pr' + ')'.repeat(d))).toEqual({ kind: 'present', path: { attr: 'a' } });
  });
  it('rejects non-string input as invalidFilter', () => {
    expectError(() => parseFilter(undefined as unknown as string), 'invalidFilter');
  });
});
