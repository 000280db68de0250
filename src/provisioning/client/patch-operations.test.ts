import { describe, expect, it } from 'vitest';
import { MANAGER_PATH, renderPatch, type PatchOperation } from './patch-operations.js';

const SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const rfc = { profile: 'rfc' as const, maxMembersPerPatch: 100 };
const entra = { profile: 'entra' as const, maxMembersPerPatch: 100 };

const userChange: PatchOperation[] = [
  { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
  { op: 'add', path: 'nickName', value: 'Babs' },
  { op: 'replace', path: 'active', value: false },
  { op: 'remove', path: 'title' },
  { op: 'manager', id: 'm-1' },
];

describe('renderPatch: golden payloads per profile', () => {
  it('rfc: lowercase ops, JSON booleans, manager as { value }', () => {
    expect(renderPatch(userChange, rfc).map((r) => r.body)).toEqual([
      {
        schemas: [SCHEMA],
        Operations: [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
          { op: 'add', path: 'nickName', value: 'Babs' },
          { op: 'replace', path: 'active', value: false },
          { op: 'remove', path: 'title' },
          { op: 'replace', path: MANAGER_PATH, value: { value: 'm-1' } },
        ],
      },
    ]);
  });

  it('entra: capitalised ops, "True"/"False" strings, manager as a plain id', () => {
    expect(renderPatch(userChange, entra)[0]!.body.Operations).toEqual([
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
      { op: 'Add', path: 'nickName', value: 'Babs' },
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Remove', path: 'title' },
      { op: 'Add', path: MANAGER_PATH, value: 'm-1' },
    ]);
    expect(renderPatch([{ op: 'replace', path: 'active', value: true }], entra)[0]!.body.Operations).toEqual([{ op: 'Replace', path: 'active', value: 'True' }]);
  });

  it('removing the manager is a remove on its path in both profiles', () => {
    expect(renderPatch([{ op: 'manager', id: null }], rfc)[0]!.body.Operations).toEqual([{ op: 'remove', path: MANAGER_PATH }]);
    expect(renderPatch([{ op: 'manager', id: null }], entra)[0]!.body.Operations).toEqual([{ op: 'Remove', path: MANAGER_PATH }]);
  });

  it('rfc members: one add with a value array, one remove per member by filter (ids escaped)', () => {
    const ops: PatchOperation[] = [
      { op: 'addMembers', members: ['u1', 'u2'] },
      { op: 'removeMembers', members: ['u3', 'we"ird'] },
    ];
    expect(renderPatch(ops, rfc)[0]!.body.Operations).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
      { op: 'remove', path: 'members[value eq "u3"]' },
      { op: 'remove', path: 'members[value eq "we\\"ird"]' },
    ]);
  });

  it('entra members: Add and Remove on members with a value array and "$ref": null', () => {
    const ops: PatchOperation[] = [
      { op: 'replace', path: 'displayName', value: 'Sales' },
      { op: 'addMembers', members: ['u1'] },
      { op: 'removeMembers', members: ['u3', 'u4'] },
    ];
    expect(renderPatch(ops, entra)[0]!.body.Operations).toEqual([
      { op: 'Replace', path: 'displayName', value: 'Sales' },
      { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] },
      { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u3' }, { $ref: null, value: 'u4' }] },
    ]);
  });

  it('keeps a pathless replace object as is (booleans inside are not rewritten)', () => {
    const op: PatchOperation = { op: 'replace', value: { displayName: 'A', active: true } };
    expect(renderPatch([op], entra)[0]!.body.Operations).toEqual([{ op: 'Replace', value: { displayName: 'A', active: true } }]);
  });
});

describe('renderPatch: member chunks', () => {
  const ids = (n: number, p = 'u') => Array.from({ length: n }, (_, i) => `${p}${i}`);

  it('splits 25,000 added members into 250 requests of 100', () => {
    const out = renderPatch([{ op: 'addMembers', members: ids(25_000) }], rfc);
    expect(out).toHaveLength(250);
    expect(out.every((r) => r.memberCount === 100)).toBe(true);
    const sent = out.flatMap((r) => (r.body.Operations[0]!.value as { value: string }[]).map((v) => v.value));
    expect(sent).toEqual(ids(25_000));
  });

  it('fills each request across adds and removes, in order, and records what each carries', () => {
    const ops: PatchOperation[] = [
      { op: 'replace', path: 'displayName', value: 'X' },
      { op: 'addMembers', members: ids(3, 'a') },
      { op: 'removeMembers', members: ids(4, 'r') },
    ];
    const out = renderPatch(ops, { profile: 'rfc', maxMembersPerPatch: 5 });
    expect(out.map((r) => r.memberCount)).toEqual([5, 2]);
    expect(out[0]!.carries).toEqual([
      { op: 'replace', path: 'displayName', value: 'X' },
      { op: 'addMembers', members: ['a0', 'a1', 'a2'] },
      { op: 'removeMembers', members: ['r0', 'r1'] },
    ]);
    expect(out[1]!.carries).toEqual([{ op: 'removeMembers', members: ['r2', 'r3'] }]);
    expect(out[1]!.body.Operations).toEqual([
      { op: 'remove', path: 'members[value eq "r2"]' },
      { op: 'remove', path: 'members[value eq "r3"]' },
    ]);
  });

  it('drops duplicate ids within an operation and sends nothing for no operations', () => {
    expect(renderPatch([{ op: 'addMembers', members: ['a', 'a', 'b'] }], rfc)[0]!.memberCount).toBe(2);
    expect(renderPatch([], rfc)).toEqual([]);
    expect(renderPatch([{ op: 'addMembers', members: [] }], rfc)).toEqual([]);
  });

  it('refuses malformed operations and chunk sizes', () => {
    expect(() => renderPatch([{ op: 'remove', path: '' }], rfc)).toThrow(/needs a path/);
    expect(() => renderPatch([{ op: 'add', path: 'x', value: undefined }], rfc)).toThrow(/needs a value/);
    expect(() => renderPatch([{ op: 'replace', value: 'x' }], rfc)).toThrow(/object value/);
    expect(() => renderPatch([{ op: 'addMembers', members: [''] }], rfc)).toThrow(/non-empty/);
    expect(() => renderPatch([{ op: 'move' } as never], rfc)).toThrow(/unknown PATCH operation/);
    expect(() => renderPatch([], { profile: 'rfc', maxMembersPerPatch: 0 })).toThrow(/positive integer/);
  });
});
