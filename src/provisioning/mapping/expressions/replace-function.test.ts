import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../../test/support/expression-eval.js';

// Expressions as the reference's markdown source writes them: "\\d" in the expression text is the regex \d.
describe('Replace (golden examples from Entra ID\'s function reference)', () => {
  it.each([
    ['oldValue + replacementValue', 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', { BusinessTitle: 'Product Developer' }, 'Software Engineer'],
    ['oldValue + template', 'Replace([UserID],"<username>", , , , , "<username>@contoso.com")', { UserID: 'jsmith' }, 'jsmith@contoso.com'],
    ['regexPattern + replacementValue with a named group', 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )', { telephoneNumber: '+91 9998887777' }, '9998887777'],
    ['regexPattern + replacementValue removing characters', 'Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' }, '+19998887777'],
    ['regexPattern + groupName + replacementValue', 'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )', { AddressLineData: '545 Tremont Street' }, '888 Tremont Street'],
    ['regexPattern + groupName + "" (domain suffix)', 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', { userPrincipalName: 'jsmith@contoso.com' }, 'jsmith'],
    ['regexPattern + groupName + replacementAttributeName', 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )', { telephoneNumber: '', mobile: '+91 8887779999' }, '8887779999'],
    ['regexPattern removing letters', 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' }, '72'],
    ['strip a known domain', 'Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' }, 'john.doe'],
  ])('%s', async (_mode, text, attributes, expected) => {
    expect(await valueOf(text, attributes)).toBe(expected);
  });

  it('documents "+1 (999) 888-7777" → "19998887777", but [()\\s-]+ keeps the "+"; ours follows the regex', async () => {
    expect(await valueOf('Replace([mobile], , "[+()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' })).toBe('19998887777');
  });

  it('returns the source when it has a value in the replacementAttributeName mode, null when neither matches', async () => {
    const text = 'Replace([telephoneNumber], , "(?<n>\\\\d{4})$", "n", , [mobile], )';
    expect(await valueOf(text, { telephoneNumber: '555 0100', mobile: '555 9999' })).toBe('555 0100');
    expect(await valueOf(text, { mobile: 'none' })).toBeNull();
    expect(await valueOf(text, {})).toBeNull();
  });

  it('replaces every occurrence, case-sensitively, and works on each value of a multi-valued source', async () => {
    expect(await valueOf('Replace("a.b.A", ".", , , "-", , )')).toBe('a-b-A');
    expect(await valueOf('Replace("aAa", "a", , , "x", , )')).toBe('xAx');
    expect(await valueOf('Replace([p], "smtp:", , , "", , )', { p: ['smtp:a@x', 'SMTP:b@x'] })).toEqual(['a@x', 'SMTP:b@x']);
    expect(await valueOf('Replace([x], "a", , , "b", , )')).toBeNull();
  });

  it('expands .NET substitutions: $1, ${name}, $$, $&', async () => {
    expect(await valueOf('Replace("John Smith", , "(\\\\w+) (?<last>\\\\w+)", , "${last}, $1 ($$) [$&]", , )')).toBe('Smith, John ($) [John Smith]');
    expect(await valueOf('Replace("ab", , "(a)", , "${nope}$9", , )')).toBe('${nope}$9b');
  });

  it('translates .NET-only regex syntax and inline options', async () => {
    expect(await valueOf('Replace("Hello", , "(?i)h", , "J", , )')).toBe('Jello');
    expect(await valueOf('Replace("ab", , "\\\\Aa", , "x", , )')).toBe('xb');
    expect(await valueOf("Replace(\"2024\", , \"(?'y'\\\\d{2})$\", \"y\", \"25\", , )")).toBe('2025');
  });

  it('says what is missing for an impossible combination, and refuses bad patterns and unknown groups', async () => {
    await expect(valueOf('Replace([a], , , , "x", , )', { a: 'a' })).rejects.toThrow(/Replace needs oldValue or regexPattern/);
    await expect(valueOf('Replace([a], "x", , , , , )', { a: 'a' })).rejects.toThrow(/needs replacementValue or template/);
    await expect(valueOf('Replace([a], , "(", , "x", , )', { a: 'a' })).rejects.toThrow(/invalid regular expression "\("/);
    await expect(valueOf('Replace([a], , "(?>a)", , "x", , )', { a: 'a' })).rejects.toThrow(/atomic groups/);
    await expect(valueOf('Replace([a], , "(?<g>a)", "h", "x", , )', { a: 'a' })).rejects.toThrow(/"h" is not a named group/);
    await expect(valueOf('Replace([a], "", , , "x", , )', { a: 'a' })).rejects.toThrow(/oldValue is empty/);
  });
});
