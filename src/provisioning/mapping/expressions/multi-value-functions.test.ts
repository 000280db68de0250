import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../../test/support/expression-eval.js';

describe('multi-valued functions (golden examples from Entra ID\'s function reference)', () => {
  it.each([
    ['Split([extensionAttribute5], ",")', { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' }, ['PermissionSetOne', 'PermissionSetTwo']],
    ['Join(", ", "", [surname], [givenName])', { givenName: 'John', surname: 'Doe' }, 'Doe, John'],
    ['Item([proxyAddresses], 1)', { proxyAddresses: ['SMTP:a@x', 'smtp:b@x'] }, 'SMTP:a@x'],
    ['RemoveDuplicates([proxyAddresses])', { proxyAddresses: ['a', 'b', 'a', 'A'] }, ['a', 'b', 'A']],
  ])('%s with %j → %j', async (text, attributes, expected) => {
    expect(await valueOf(text, attributes)).toEqual(expected);
  });
});

describe('Join', () => {
  it('expands multi-valued sources, skips null and empty values, and prints numbers', async () => {
    expect(await valueOf('Join(";", [a], [b], 7)', { a: ['x', '', 'y'], b: 'z' })).toBe('x;y;z;7');
    expect(await valueOf('Join("", [a])', { a: ['x', 'y'] })).toBe('xy');
    expect(await valueOf('Join(" ", [a], [b])')).toBeNull();
    expect(await valueOf('Join([sep], "a", "b")')).toBe('ab');
  });
});

describe('Split', () => {
  it('splits on the whole delimiter, drops empty parts, and leaves null alone', async () => {
    expect(await valueOf('Split("a::b::::c", "::")')).toEqual(['a', 'b', 'c']);
    expect(await valueOf('Split("abc", "")')).toEqual(['abc']);
    expect(await valueOf('Split([x], ",")')).toBeNull();
    expect(await valueOf('Split([x], ",")', { x: ['a,b', 'c'] })).toEqual(['a', 'b', 'c']);
    expect(await valueOf('Count(Split("a,b,c", ","))')).toBe(3);
  });
});

describe('Count and Item', () => {
  it('count values (0 when absent, 1 for a single value) and index from 1', async () => {
    expect(await valueOf('Count([a])', { a: ['x', 'y'] })).toBe(2);
    expect(await valueOf('Count([a])')).toBe(0);
    expect(await valueOf('Count([a])', { a: 'x' })).toBe(1);
    expect(await valueOf('Item([a], 2)', { a: ['x', 'y'] })).toBe('y');
    expect(await valueOf('Item([a], 0)', { a: ['x', 'y'] })).toBeNull();
    expect(await valueOf('Item([a], 3)', { a: ['x', 'y'] })).toBeNull();
    expect(await valueOf('Item([a], 1)', { a: 'x' })).toBe('x');
    expect(await valueOf('Item([a], 1)')).toBeNull();
  });
});

describe('RemoveDuplicates', () => {
  it('keeps a single value as it is and compares complex values whole', async () => {
    expect(await valueOf('RemoveDuplicates([a])', { a: 'x' })).toBe('x');
    expect(await valueOf('RemoveDuplicates([a])', { a: [{ v: 1 }, { v: 1 }, { v: 2 }] })).toEqual([{ v: 1 }, { v: 2 }]);
  });
});
