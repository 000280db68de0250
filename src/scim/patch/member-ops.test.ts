import { describe, expect, it } from 'vitest';
import type { Filter } from '../filter/ast.js';
import { parsePatchPath } from '../filter/parse-filter.js';
import { memberIdsOfFilter, memberOpFor, parseMemberRefs } from './member-ops.js';

const filterOf = (path: string): Filter => parsePatchPath(path).filter!;

describe('member-ops', () => {
  it('parseMemberRefs keeps value and type, drops $ref/display, accepts bare ids and one object, collapses repeats', () => {
    expect(parseMemberRefs([{ value: 'a', type: 'Group', $ref: null, display: 'A' }, 'b', { Value: 'c' }, { value: 'a' }])).toEqual([
      { value: 'a', type: 'Group' },
      { value: 'b' },
      { value: 'c' },
    ]);
    expect(parseMemberRefs({ value: 'x' })).toEqual([{ value: 'x' }]);
    expect(parseMemberRefs(null)).toEqual([]);
  });

  it.each([
    ['members[value eq "a"]', ['a']],
    ['members[Value eq "a" or value eq "b" or value eq "a"]', ['a', 'b']],
    ['members[value eq "a" and type eq "User"]', undefined],
    ['members[value ne "a"]', undefined],
    ['members[value eq "a" or type eq "Group"]', undefined],
    ['members[display eq "a"]', undefined],
  ])('memberIdsOfFilter(%s)', (path, ids) => {
    expect(memberIdsOfFilter(filterOf(path))).toEqual(ids);
  });

  it('add through a plain-id filter without value adds those ids', () => {
    expect(memberOpFor('add', { filter: filterOf('members[value eq "a"]') }, undefined)).toEqual({ op: 'add', members: [{ value: 'a' }] });
  });

  it('changes nothing for empty adds and empty-value removes (never wipes a group on a value array)', () => {
    expect(memberOpFor('add', {}, [])).toBeUndefined();
    expect(memberOpFor('remove', {}, [])).toBeUndefined();
    expect(memberOpFor('remove', {}, undefined)).toEqual({ op: 'removeAll' });
    expect(memberOpFor('remove', {}, null)).toEqual({ op: 'removeAll' });
  });

  it('remove with a filter that is not plain ids keeps the filter for the store', () => {
    const filter = filterOf('members[value eq "a" and type eq "User"]');
    expect(memberOpFor('remove', { filter }, undefined)).toEqual({ op: 'removeWhere', filter });
  });
});
