import { describe, expect, it } from 'vitest';
import { evaluateText, testContext, valueOf } from '../../../../test/support/expression-eval.js';
import { evaluateExpression } from './evaluate-expression.js';
import { parseExpression } from './parse-expression.js';

describe('evaluateExpression', () => {
  it('gives attributes, constants and literals as they are, an absent attribute as null', async () => {
    expect(await valueOf('[a]', { a: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(await valueOf('[a]')).toBeNull();
    expect(await valueOf('"x"')).toBe('x');
    expect(await valueOf('42')).toBe(42);
    expect(await valueOf('True')).toBe(true);
  });

  it('returns DateTimes as Entra\'s M/d/yyyy h:mm:ss tt text', async () => {
    expect(await evaluateText('CDate("2021-06-30T00:00:00Z")')).toEqual({ value: '6/30/2021 12:00:00 AM' });
  });

  it('finds functions in any case, as the reference itself writes switch(…)', async () => {
    expect(await valueOf('switch([c], "x", "A", "a")', { c: 'A' })).toBe('a');
    expect(await valueOf('iif(true, 1, 2)')).toBe(1);
  });

  it('fails with the position of the call for unknown functions and wrong argument counts (when not validated first)', async () => {
    await expect(valueOf('Append(Nope(), "x")')).rejects.toMatchObject({ code: 'evaluation', position: 7, message: 'unknown function "Nope" (at position 7)' });
    await expect(valueOf('Append("x")')).rejects.toMatchObject({ code: 'argumentCount', position: 0 });
  });

  it('reads the attributes it needs, once each, and only on the branch taken', async () => {
    const asked: string[] = [];
    const ctx = { ...testContext(), attribute: (name: string) => (asked.push(name), name === 'a' ? 'A' : undefined) };
    const result = await evaluateExpression(parseExpression('IIF([a]="A", Join(",", [a], [b]), [c])'), ctx);
    expect(result.value).toBe('A');
    expect(asked).toEqual(['a', 'a', 'b']);
  });
});

describe('SelectUniqueValue', () => {
  const text = `SelectUniqueValue(
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"),
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")
  )`;
  const person = { PreferredFirstName: 'John', PreferredLastName: 'Smith' };
  const taken = (...values: string[]) => ({ isUniqueInTarget: async (v: string) => !values.includes(v) });

  it('picks the first candidate the target does not hold (the reference\'s UPN example)', async () => {
    expect(await valueOf(text, person, taken())).toBe('John.Smith@contoso.com');
    expect(await valueOf(text, person, taken('John.Smith@contoso.com'))).toBe('J.Smith@contoso.com');
    expect(await valueOf(text, person, taken('John.Smith@contoso.com', 'J.Smith@contoso.com'))).toBe('Jo.Smith@contoso.com');
  });

  it('skips empty candidates, and fails (escrow) when every candidate is taken', async () => {
    expect(await valueOf('SelectUniqueValue([none], "b")', {}, taken())).toBe('b');
    await expect(valueOf('SelectUniqueValue("a", "b")', {}, taken('a', 'b'))).rejects.toThrow(/every candidate value is already taken in the target \("a", "b"\)/);
  });

  it('needs a uniqueness check and the top level', async () => {
    await expect(valueOf('SelectUniqueValue("a", "b")')).rejects.toThrow(/cannot check the target/);
    await expect(valueOf('ToLower(SelectUniqueValue("a", "b"))', {}, taken())).rejects.toThrow(/must be the whole expression/);
  });
});
