import { describe, expect, it } from 'vitest';
import { dotNetRegex, expandSubstitutions } from './dotnet-regex.js';

const test = (pattern: string, text: string) => dotNetRegex(pattern).test(text);

describe('dotNetRegex', () => {
  it('reads the reference\'s scoping-filter regexes as .NET does (\\@ is a literal @)', () => {
    expect(test('.*\\@domain.com', 'a@domain.com')).toBe(true);
    expect(test('(1[0-9][0-9][0-9][0-9][0-9][0-9])', '1500000')).toBe(true);
    expect(test('([1-9][0-9])', '7')).toBe(false);
  });
  it('translates \\A, \\z, \\Z, (?\'name\'…) and leading inline options; keeps them inside classes', () => {
    expect(test('\\Aab\\z', 'ab')).toBe(true);
    expect(test('\\Aab\\z', 'xab')).toBe(false);
    expect(test('ab\\Z', 'ab\n')).toBe(true);
    expect(dotNetRegex("(?'year'\\d{4})").exec('in 2024')?.groups?.year).toBe('2024');
    expect(test('(?i)HELLO', 'hello')).toBe(true);
    expect(test('[\\A]', 'A')).toBe(true);
    expect(test('\\p{Lu}\\p{Ll}+', 'Émile')).toBe(true);
  });
  it('refuses what JavaScript cannot do, and invalid patterns, with a message', () => {
    expect(() => dotNetRegex('(?>a+)b')).toThrow(/atomic groups/);
    expect(() => dotNetRegex('a(?i)b')).toThrow(/only at the start/);
    expect(() => dotNetRegex('a(?-i:b)')).toThrow(/only at the start/);
    expect(() => dotNetRegex('[a-')).toThrow(/invalid regular expression "\[a-"/);
  });
  it('returns a fresh search position for a cached pattern', () => {
    const re = dotNetRegex('a');
    re.exec('aaa');
    expect(dotNetRegex('a').lastIndex).toBe(0);
  });
});

describe('expandSubstitutions', () => {
  const m = dotNetRegex('(?<first>[A-Z]\\w+) (\\w+)').exec('say John Smith now')!;
  it.each([
    ['$2, ${first}', 'Smith, John'],
    ['$$1', '$1'],
    ['[$&]', '[John Smith]'],
    ['$`|$\'', 'say | now'],
    ['$+', 'Smith'],
    ['$_', 'say John Smith now'],
    ['${1}', 'John'],
    ['$3 ${x} $', '$3 ${x} $'],
  ])('%s → %s', (replacement, expected) => {
    expect(expandSubstitutions(replacement, m, 'say John Smith now')).toBe(expected);
  });
});
