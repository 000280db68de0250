import { describe, expect, it } from 'vitest';
import { functionCatalogue } from './function-catalogue.js';
import { findFunction } from './function-library.js';

const REQUIRED = ['Append', 'BitAnd', 'CBool', 'CDate', 'Coalesce', 'ConvertToBase64', 'ConvertToUTF8Hex', 'Count', 'CStr', 'DateAdd', 'DateDiff',
  'DateFromNum', 'FormatDateTime', 'Guid', 'IgnoreFlowIfNullOrEmpty', 'IIF', 'InStr', 'IsNull', 'IsNullOrEmpty', 'IsPresent', 'IsString', 'Item', 'Join',
  'Left', 'Mid', 'NormalizeDiacritics', 'Not', 'Now', 'NumFromDate', 'PCase', 'RandomString', 'Redact', 'RemoveDuplicates', 'Replace', 'SelectUniqueValue',
  'SingleAppRoleAssignment', 'Split', 'StripSpaces', 'Switch', 'ToLower', 'ToUpper', 'Word', 'Prepend', 'IsNothing', 'AppRoleAssignmentsComplex'];

describe('functionCatalogue', () => {
  it('lists every function of Entra\'s reference (and Prepend, IsNothing, the role functions), sorted, each described', () => {
    const names = functionCatalogue.map((f) => f.name);
    for (const name of REQUIRED) expect(names).toContain(name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const f of functionCatalogue) expect(f.description.length, f.name).toBeGreaterThan(10);
  });

  it('gives the parameters with required and repeating flags', () => {
    expect(functionCatalogue.find((f) => f.name === 'Switch')?.parameters).toEqual([
      { name: 'source', required: true, repeats: false },
      { name: 'defaultValue', required: false, repeats: false },
      { name: 'key', required: true, repeats: true },
      { name: 'value', required: true, repeats: true },
    ]);
    expect(functionCatalogue.find((f) => f.name === 'Replace')?.parameters.map((p) => p.name)).toEqual([
      'source', 'oldValue', 'regexPattern', 'regexGroupName', 'replacementValue', 'replacementAttributeName', 'template',
    ]);
    expect(functionCatalogue.find((f) => f.name === 'Now')?.parameters).toEqual([]);
  });

  it('matches the library the evaluator uses', () => {
    for (const f of functionCatalogue) expect(findFunction(f.name.toUpperCase())?.name).toBe(f.name);
  });
});
