import { describe, expect, it } from 'vitest';
import { evaluateText, valueOf } from '../../../../test/support/expression-eval.js';

describe('conditions and null tests (golden examples from Entra ID\'s function reference)', () => {
  it.each([
    ['IIF([country]="USA",[country],[department])', { country: 'USA', department: 'Sales' }, 'USA'],
    ['IIF([country]="USA",[country],[department])', { country: 'NL', department: 'Sales' }, 'Sales'],
    ['IIF([country]="USA",IIF([state]="CA","True","False"),"False")', { country: 'USA', state: 'CA' }, 'True'],
    ['IIF([country]="USA","True",IIF([state]="CA","True","False"))', { country: 'NL', state: 'CA' }, 'True'],
    ['Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")', { state: 'QLD' }, 'Australia/Brisbane'],
    ['Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")', { state: 'WA' }, 'Australia/Sydney'],
    ['Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', { statusFlag: 'TRUE' }, '1'],
    ['Switch([statusFlag], "Default Value", "true", "1", "", "0")', {}, '0'],
    ['Switch([statusFlag], "Default Value", "true", "1", "", "0")', { statusFlag: '' }, '0'],
    ['Switch([country],[country],"","Other")', { country: 'NL' }, 'NL'],
    ['Switch([country],[country],"","Other")', {}, 'Other'],
    ['Coalesce([mail],[userPrincipalName])', { userPrincipalName: 'John.Doe@contoso.com' }, 'John.Doe@contoso.com'],
    ['CBool([attribute1] = [attribute2])', { attribute1: 'a', attribute2: 'a' }, true],
    ['CBool([attribute1] = [attribute2])', { attribute1: 'a', attribute2: 'A' }, false],
    // The reference's IsPresent example, Switch(IsPresent([directManager]), [directManager], IsPresent([skiplevelManager]), …),
    // compares "True"/"False" texts and cannot pick the first present manager (the Switch caution says as much); booleans
    // compare as "True"/"False":
    ['Switch(IsPresent([a]), "absent", "True", "present")', { a: 'x' }, 'present'],
    ['Switch(IsPresent([a]), "absent", "True", "present")', {}, 'absent'],
  ])('%s with %j → %j', async (text, attributes, expected) => {
    expect(await valueOf(text, attributes)).toEqual(expected);
  });

  it('evaluates the Workday hire-date example with the injected clock', async () => {
    const text = 'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")';
    expect(await valueOf(text, { Active: '1', StatusHireDate: '2021-07-05' })).toBe('True');
    expect(await valueOf(text, { Active: '1', StatusHireDate: '2021-07-20' })).toBe('False');
    expect(await valueOf(text, { Active: '0', StatusHireDate: '2021-07-05' })).toBe('False');
    expect(await valueOf(text, { Active: '2' })).toBeNull();
  });
});

describe('IIF', () => {
  it('is null-safe where Entra fails: a null attribute compares as ""', async () => {
    expect(await valueOf('IIF([country]="","Other",[country])')).toBe('Other');
    expect(await valueOf('IIF(IsNullOrEmpty([country]),"Other",[country])')).toBe('Other');
    expect(await valueOf('IIF(IsPresent([country]),[country],"Other")', { country: 'NL' })).toBe('NL');
    expect(await valueOf('IIF([n] > 5, "big", "small")')).toBe('small');
  });
  it('evaluates only the branch it returns', async () => {
    expect(await valueOf('IIF(True, "ok", Mid("x", 0, 1))')).toBe('ok');
    await expect(valueOf('IIF(False, "ok", Mid("x", 0, 1))')).rejects.toThrow(/Mid: start/);
  });
  it('accepts AND and OR in conditions', async () => {
    const text = 'IIF([country]="USA" AND [state]="CA" OR [vip]="yes", "True", "False")';
    expect(await valueOf(text, { country: 'USA', state: 'CA' })).toBe('True');
    expect(await valueOf(text, { country: 'USA', state: 'NY' })).toBe('False');
    expect(await valueOf(text, { vip: 'yes' })).toBe('True');
    expect(await valueOf('IIF(IsPresent([a]) AND Mid([a], 1, 1) = "x", 1, 0)')).toBe(0);
  });
  it('refuses a condition that is neither true nor false', async () => {
    await expect(valueOf('IIF("maybe", 1, 0)')).rejects.toThrow(/IIF: cannot read "maybe" as True or False/);
  });
});

describe('comparisons', () => {
  it.each([
    ['[a] = "x"', { a: 'x' }, true],
    ['[a] <> "x"', { a: 'X' }, true],
    ['[n] > 5', { n: '10' }, true],
    ['[n] > 5', { n: 10 }, true],
    ['"10" > "9"', {}, false],
    ['[n] >= 10', { n: 10 }, true],
    ['[n] < 10.5', { n: '10' }, true],
    ['[b] = "True"', { b: true }, true],
    ['[b] = "false"', { b: false }, true],
    ['CDate("2021-01-02") > CDate("2021-01-01")', {}, true],
    ['Now() > "2021-07-01"', {}, true],
    ['[missing] = ""', {}, true],
    ['[missing] <> "x"', {}, true],
    ['[missing] < 1', {}, false],
  ])('CBool(%s) with %j is %s', async (condition, attributes, expected) => {
    expect(await valueOf(`CBool(${condition})`, attributes)).toBe(expected);
  });
});

describe('Not, CBool and the Is* tests', () => {
  it.each([
    ['Not("True")', false],
    ['Not("false")', true],
    ['Not([x])', true],
    ['Not("abc")', true],
    ['Not(CBool(1))', false],
    ['CBool(0)', false],
    ['CBool("2")', true],
    ['CBool([x])', false],
    ['IsNull([x])', true],
    ['IsNull("")', false],
    ['IsNothing([x])', true],
    ['IsNullOrEmpty("")', true],
    ['IsNullOrEmpty(" ")', false],
    ['IsPresent("")', false],
    ['IsPresent("a")', true],
    ['IsString("a")', true],
    ['IsString(1)', false],
    ['IsString([x])', false],
    ['IsNull([empty])', true],
  ])('%s → %s', async (text, expected) => {
    expect(await valueOf(text, { empty: [] })).toBe(expected);
  });
});

describe('Coalesce', () => {
  it('takes the first value that is not null, keeping "" (only null is skipped), else the default', async () => {
    expect(await valueOf('Coalesce([a], [b], "default")', { b: '' })).toBe('');
    expect(await valueOf('Coalesce([a], [b], "default")')).toBe('default');
    expect(await valueOf('Coalesce([a], [b])')).toBeNull();
    expect(await valueOf('Coalesce([a], Mid("x", 0, 1))', { a: 'first' })).toBe('first');
  });
});

describe('IgnoreFlowIfNullOrEmpty and Redact', () => {
  it('flags the result instead of changing the value', async () => {
    expect(await evaluateText('IgnoreFlowIfNullOrEmpty([department])')).toEqual({ value: null, ignoreFlow: true });
    expect(await evaluateText('IgnoreFlowIfNullOrEmpty([department])', { department: '' })).toEqual({ value: null, ignoreFlow: true });
    expect(await evaluateText('IgnoreFlowIfNullOrEmpty([department])', { department: 'Sales' })).toEqual({ value: 'Sales' });
    expect(await evaluateText('IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof."))', { prefix: '9' })).toEqual({ value: null, ignoreFlow: true });
    expect(await evaluateText('Redact([userPrincipalName])', { userPrincipalName: 'a@b' })).toEqual({ value: 'a@b', redacted: true });
    expect(await evaluateText('IIF(True, "x", Redact("secret"))')).toEqual({ value: 'x' });
  });
});
