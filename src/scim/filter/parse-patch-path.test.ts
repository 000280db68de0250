import { describe, expect, it } from 'vitest';
import type { CompValue, Filter } from './ast.js';
import { parseAttrPath, parsePatchPath } from './parse-filter.js';
import { expectError } from '../../../test/support/scim-error-of.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const eq = (attr: string, value: CompValue): Filter => ({ kind: 'compare', path: { attr }, op: 'eq', value });


describe('parsePatchPath', () => {
  it('parses attribute and value paths', () => {
    expect(parsePatchPath('name.givenName')).toEqual({ path: { attr: 'name', sub: 'givenName' } });
    expect(parsePatchPath('members[value eq "2819c223"]')).toEqual({ path: { attr: 'members' }, filter: eq('value', '2819c223') });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({ path: { attr: 'emails' }, filter: eq('type', 'work'), subAfterFilter: 'value' });
    expect(parsePatchPath(`${ENT}:manager`)).toEqual({ path: { uri: ENT, attr: 'manager' } });
    expect(parsePatchPath(`${ENT}:manager.value`)).toEqual({ path: { uri: ENT, attr: 'manager', sub: 'value' } });
    expect(parsePatchPath(' addresses[type eq "work" and primary eq true].streetAddress ')).toMatchObject({ subAfterFilter: 'streetAddress' });
  });
  it('splits a bare extension URN like any other (the PATCH engine checks for a whole-extension path first)', () => {
    expect(parsePatchPath(ENT)).toEqual({ path: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0', attr: 'User' } });
  });
  const bad = ['', 'emails[', 'emails[type eq "work"', 'emails[type eq "work"]value', 'emails[type eq "work"].', 'emails[type eq "work"].a.b',
    'emails[type eq]', 'name.givenName[value pr]', 'a b', 'members[value eq "x"] extra', 'emails[x[y pr]]', '"x"', 'a..b'];
  it.each(bad)('rejects %j with invalidPath', (text) => expectError(() => parsePatchPath(text), 'invalidPath'));
});

describe('parseAttrPath', () => {
  it('parses plain, dotted and URN-qualified names', () => {
    expect(parseAttrPath('userName')).toEqual({ attr: 'userName' });
    expect(parseAttrPath(' name.familyName ')).toEqual({ attr: 'name', sub: 'familyName' });
    expect(parseAttrPath(`${ENT}:employeeNumber`)).toEqual({ uri: ENT, attr: 'employeeNumber' });
    expect(parseAttrPath('meta.lastModified')).toEqual({ attr: 'meta', sub: 'lastModified' });
  });
  it.each(['', 'a b', 'emails[type eq "x"]', 'a.b.c', '1a', 'a,b', 'urn:x:'])('rejects %j with invalidPath', (text) =>
    expectError(() => parseAttrPath(text), 'invalidPath'),
  );
});
