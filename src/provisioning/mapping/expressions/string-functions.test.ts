import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../../test/support/expression-eval.js';

describe('string functions (golden examples from Entra ID\'s function reference)', () => {
  it.each([
    ['Append([userPrincipalName], ".test")', { userPrincipalName: 'John.Doe@contoso.com' }, 'John.Doe@contoso.com.test'],
    ['Left("John Doe", 3)', {}, 'Joh'],
    ['InStr("The quick brown fox","quick")', {}, 5],
    ['InStr("repEated","e",3,vbBinaryCompare)', {}, 7],
    ['Word("The quick brown fox",3," ")', {}, 'brown'],
    ['Word("This,string!has&many separators",3,",!&#")', {}, 'has'],
    ['PCase([firstName])', { firstName: 'PABLO GONSALVES (SECOND)' }, 'Pablo Gonsalves (Second)'],
    ['PCase([lastName]," \'-")', { lastName: "PINTO-DE'SILVA" }, "Pinto-De'Silva"],
    ['PCase(Join(" ",[firstName],[lastName]))', { firstName: 'GREGORY', lastName: 'JAMES' }, 'Gregory James'],
    ['Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' }, 'JohDoe'],
    ['ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))', { PreferredFirstName: 'John', PreferredLastName: 'Smith' }, 'john.smith@contoso.com'],
  ])('%s → %j', async (text, attributes, expected) => {
    expect(await valueOf(text, attributes)).toEqual(expected);
  });
});

describe('Append and Prepend', () => {
  it('are null when the source is null, and treat a null suffix or prefix as empty', async () => {
    expect(await valueOf('Append([x], "y")')).toBeNull();
    expect(await valueOf('Append("x", [y])')).toBe('x');
    expect(await valueOf('Prepend("pre-", [x])', { x: 'fix' })).toBe('pre-fix');
    expect(await valueOf('Prepend("pre-", [x])')).toBeNull();
  });
  it('apply to every value of a multi-valued source, and print numbers and booleans as .NET does', async () => {
    expect(await valueOf('Append([x], "!")', { x: ['a', 'b'] })).toEqual(['a!', 'b!']);
    expect(await valueOf('Append(12, True)')).toBe('12True');
  });
});

describe('Left and Mid', () => {
  it('follow the documented edge cases', async () => {
    expect(await valueOf('Left([x], 0)', { x: 'abc' })).toBe('');
    expect(await valueOf('Left([x], -1)', { x: 'abc' })).toBe('abc');
    expect(await valueOf('Left([x], 2)')).toBe('');
    expect(await valueOf('Left([x], 10)', { x: 'abc' })).toBe('abc');
    expect(await valueOf('Mid("abcdef", 3, 100)')).toBe('cdef');
    expect(await valueOf('Mid("abc", 5, 2)')).toBe('');
    expect(await valueOf('Mid([x], 1, 2)')).toBeNull();
    expect(await valueOf('Mid("abc", "2", "1")')).toBe('b');
  });
  it('refuse a start below 1 or a negative length, naming the call', async () => {
    await expect(valueOf('Mid("abc", 0, 1)')).rejects.toThrow(/Mid: start must be 1 or more, found 0 \(at position 0\)/);
    await expect(valueOf('Append("x", Mid("abc", 1, -1))')).rejects.toMatchObject({ code: 'evaluation', position: 12 });
    await expect(valueOf('Left("abc", 1.5)')).rejects.toThrow(/whole number/);
  });
});

describe('InStr', () => {
  it('is 1-based, 0 when absent, honours start and vbTextCompare', async () => {
    expect(await valueOf('InStr("abc", "x")')).toBe(0);
    expect(await valueOf('InStr("aXa", "x")')).toBe(0);
    expect(await valueOf('InStr("aXa", "x", 1, vbTextCompare)')).toBe(2);
    expect(await valueOf('InStr("aXa", "x", , 1)')).toBe(2);
    expect(await valueOf('InStr("abc", "a", 2)')).toBe(0);
    expect(await valueOf('InStr("abc", "", 2)')).toBe(2);
    expect(await valueOf('InStr([x], "a")')).toBeNull();
  });
});

describe('Word', () => {
  it('is "" for a null string, a number below 1 or beyond the words, and skips empty words', async () => {
    expect(await valueOf('Word([x], 1, " ")')).toBe('');
    expect(await valueOf('Word("a b", 0, " ")')).toBe('');
    expect(await valueOf('Word("a b", 3, " ")')).toBe('');
    expect(await valueOf('Word("a  b", 2, " ")')).toBe('b');
    expect(await valueOf('Word("a-b]c", 3, "]-")')).toBe('c');
  });
});

describe('ToLower, ToUpper, StripSpaces, CStr', () => {
  it('use the invariant culture unless one is given', async () => {
    expect(await valueOf('ToUpper("istanbul")')).toBe('ISTANBUL');
    expect(await valueOf('ToUpper("istanbul", "tr-TR")')).toBe('İSTANBUL');
    expect(await valueOf('ToLower("TITLE")')).toBe('title');
    expect(await valueOf('ToLower("TITLE", "tr-TR")')).toBe('tıtle');
    await expect(valueOf('ToLower("x", [c])', { c: 'not a culture!' })).rejects.toThrow(/not a culture name/);
  });
  it('strip only spaces, and print values as text', async () => {
    expect(await valueOf('StripSpaces(" a b\tc ")')).toBe('ab\tc');
    expect(await valueOf('CStr(42)')).toBe('42');
    expect(await valueOf('CStr([b])', { b: true })).toBe('True');
    expect(await valueOf('CStr([n])')).toBeNull();
  });
});

describe('PCase', () => {
  it('splits words on punctuation and symbols by default but keeps apostrophes inside words', async () => {
    expect(await valueOf('PCase("o\'NEIL-SMITH_jr.")')).toBe("O'neil-Smith_Jr.");
    expect(await valueOf('PCase("élodie DURAND")')).toBe('Élodie Durand');
    expect(await valueOf('PCase("3RD street")')).toBe('3rd Street');
  });
});
