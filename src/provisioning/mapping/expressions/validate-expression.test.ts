import { describe, expect, it } from 'vitest';
import { isKnownSourceAttribute, sourceAttributeAliases } from '../source-attributes.js';
import { parseExpression } from './parse-expression.js';
import { validateExpression } from './validate-expression.js';

const userOptions = {
  kind: 'User' as const,
  isKnownAttribute: (name: string) => isKnownSourceAttribute('User', name),
  attributeNames: sourceAttributeAliases.User.map((a) => a.name),
};

const problems = (text: string) => validateExpression(parseExpression(text), userOptions);
const messages = (text: string) => problems(text).map((p) => `${p.code}@${p.position}: ${p.message}`);

describe('validateExpression', () => {
  it('accepts Entra\'s default mappings and SCIM paths', () => {
    for (const text of [
      'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      'Join(" ", [givenName], [surname])',
      'SingleAppRoleAssignment([appRoleAssignments])',
      'IIF([emails[type eq "work"].value]="", [userPrincipalName], [mail])',
      'Replace([mail], "@contoso.com", , ,"", ,)',
      'FormatDateTime([x], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")'.replace('[x]', '[preferredLanguage]'),
      'SelectUniqueValue(Join("@", [givenName], "x.com"), Join("@", [surname], "x.com"))',
      'DateAdd("ww", 2, Now())',
    ]) {
      expect(problems(text), text).toEqual([]);
    }
  });

  it('names an unknown function with a suggestion, at its position', () => {
    expect(messages('Appnd([mail], "x")')).toEqual(['unknownFunction@0: unknown function "Appnd" at position 0; did you mean Append?']);
    expect(problems('ToLower(NormaliseDiacritics([mail]))')[0]).toMatchObject({ position: 8, suggestion: 'NormalizeDiacritics' });
    expect(problems('Frobnicate()')[0].suggestion).toBeUndefined();
  });

  it('names a wrong argument count with what the function takes', () => {
    expect(messages('Mid([mail], 1)')).toEqual(['argumentCount@0: Mid takes 3 arguments (source, start, length), found 2 at position 0']);
    expect(messages('Append("a", Now(1))')).toEqual(['argumentCount@12: Now takes no arguments, found 1 at position 12']);
    expect(messages('Switch([mail], "d", "k")')[0]).toMatch(/Switch takes an even number of arguments, at least 4 \(source, defaultValue, key…, value…\), found 3/);
    expect(messages('Join(",")')[0]).toMatch(/Join takes at least 2 arguments \(separator, source…\), found 1/);
    expect(messages('InStr("a")')[0]).toMatch(/InStr takes 2 to 4 arguments/);
    expect(messages('SelectUniqueValue("a")')[0]).toMatch(/SelectUniqueValue takes at least 2 arguments/);
  });

  it('names unknown attributes, with a suggestion from the names given', () => {
    expect(messages('Append([jobTitel], "x")')).toEqual(['unknownAttribute@7: unknown User attribute "jobTitel" at position 7; did you mean jobTitle?']);
    expect(problems('[emails[type eq "work"].valu]')[0]).toMatchObject({ code: 'unknownAttribute', position: 0 });
    expect(validateExpression(parseExpression('[members]'), { kind: 'Group', isKnownAttribute: () => true })).toEqual([]);
  });

  it('checks literal arguments and blanks before anything runs', () => {
    expect(messages('Append(, "x")')).toEqual(['invalidArgument@0: Append: argument 1 (source) is required but blank at position 0']);
    expect(messages('Replace([mail], , , , "x", , )')[0]).toMatch(/Replace needs oldValue or regexPattern/);
    expect(messages('Replace([mail], , "(", , "x", , )')).toEqual([expect.stringMatching(/^invalidArgument@18: Replace: invalid regular expression "\("/)]);
    expect(messages('Replace([mail], , "(?<a>x)", "b", "y", , )')[0]).toMatch(/"b" is not a named group/);
    expect(messages('DateAdd("days", 1, Now())')).toEqual(['invalidArgument@8: DateAdd: unknown interval "days"; expected one of yyyy, m, d, ww, h, n, s at position 8']);
    expect(messages('FormatDateTime([mail], "Never", "yyyy", "yyyy")')[0]).toMatch(/unknown DateTimeStyles value "Never"/);
    expect(messages('FormatDateTime([mail], , "yyyy\'", "yyyy")')[0]).toMatch(/invalid date format/);
    expect(messages('ToUpper([mail], "no culture!")')[0]).toMatch(/not a culture name/);
    expect(messages('Append(SelectUniqueValue("a", "b"), "x")')[0]).toMatch(/SelectUniqueValue must be the whole expression/);
  });

  it('reports every problem, in text order, with line and column', () => {
    const found = validateExpression(parseExpression('Join(" ",\n  [givnName],\n  Lef([surname], 1))'), userOptions);
    expect(found.map((p) => [p.code, p.line, p.column])).toEqual([
      ['unknownAttribute', 2, 3],
      ['unknownFunction', 3, 3],
    ]);
  });
});
