import { describe, expect, it } from 'vitest';
import { expectScimError } from './patch-test-fixtures.js';
import { PATCH_OP_SCHEMA, parsePatchRequest } from './patch-request.js';

describe('parsePatchRequest (RFC 7644 §3.5.2)', () => {
  it('reads Entra\'s capitalised ops as lowercase, keeps path and value', () => {
    expect(
      parsePatchRequest({
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: 'Add', path: 'nickName', value: 'Babs' },
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'REMOVE', path: 'title' },
        ],
      }),
    ).toEqual([
      { op: 'add', path: 'nickName', value: 'Babs' },
      { op: 'replace', path: 'active', value: 'False' },
      { op: 'remove', path: 'title' },
    ]);
  });

  it('accepts "operations" and op keys in any case, and a missing schemas', () => {
    expect(parsePatchRequest({ operations: [{ OP: 'replace', Path: ' userName ', Value: 'x' }] })).toEqual([{ op: 'replace', path: 'userName', value: 'x' }]);
  });

  it('an empty Operations array is a valid no-op', () => {
    expect(parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: [] })).toEqual([]);
  });

  it('keeps a remove value (Entra removes members with a value array) and a null replace value', () => {
    expect(
      parsePatchRequest({ Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u1' }] }, { op: 'replace', path: 'title', value: null }] }),
    ).toEqual([
      { op: 'remove', path: 'members', value: [{ $ref: null, value: 'u1' }] },
      { op: 'replace', path: 'title', value: null },
    ]);
  });

  it('an empty or null path on add/replace means pathless', () => {
    expect(parsePatchRequest({ Operations: [{ op: 'replace', path: '', value: { active: false } }, { op: 'add', path: null, value: {} }] })).toEqual([
      { op: 'replace', value: { active: false } },
      { op: 'add', value: {} },
    ]);
  });

  it.each([
    ['a non-object body', [], 'invalidSyntax'],
    ['null', null, 'invalidSyntax'],
    ['no Operations', { schemas: [PATCH_OP_SCHEMA] }, 'invalidSyntax'],
    ['Operations not an array', { Operations: { op: 'add' } }, 'invalidSyntax'],
    ['schemas not an array', { schemas: PATCH_OP_SCHEMA, Operations: [] }, 'invalidSyntax'],
    ['an operation that is not an object', { Operations: ['add'] }, 'invalidSyntax'],
    ['an unknown op', { Operations: [{ op: 'move', path: 'a', value: 1 }] }, 'invalidSyntax'],
    ['a missing op', { Operations: [{ path: 'a', value: 1 }] }, 'invalidSyntax'],
    ['a non-string path', { Operations: [{ op: 'add', path: 3, value: 1 }] }, 'invalidSyntax'],
    ['add without value', { Operations: [{ op: 'add', path: 'title' }] }, 'invalidSyntax'],
    ['pathless replace with a non-object value', { Operations: [{ op: 'Replace', value: false }] }, 'invalidSyntax'],
    ['remove without path (RFC: noTarget)', { Operations: [{ op: 'remove' }] }, 'noTarget'],
    ['remove with a blank path', { Operations: [{ op: 'remove', path: '  ' }] }, 'noTarget'],
  ])('rejects %s with 400 %s', (_name, input, scimType) => {
    expectScimError(() => parsePatchRequest(input), 400, scimType);
  });
});
