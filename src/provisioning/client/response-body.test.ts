import { describe, expect, it } from 'vitest';
import { bodyExcerpt, isJsonType, parseBody, scimErrorOf } from './response-body.js';

describe('response bodies', () => {
  it('parses SCIM and plain JSON, keeps other types and broken JSON as text', () => {
    expect(isJsonType('application/scim+json; charset=utf-8')).toBe(true);
    expect(isJsonType('application/json')).toBe(true);
    expect(isJsonType('text/html')).toBe(false);
    expect(parseBody('application/scim+json', '{"a":1}')).toEqual({ a: 1 });
    expect(parseBody('application/json', '{"a":1}')).toEqual({ a: 1 });
    expect(parseBody(undefined, '{"a":1}')).toEqual({ a: 1 });
    expect(parseBody('text/html', '<html>')).toBe('<html>');
    expect(parseBody('application/json', '{"a":')).toBe('{"a":');
    expect(parseBody('application/json', '')).toBeUndefined();
  });

  it('masks the token in excerpts, flattens whitespace and cuts long bodies', () => {
    const token = 'scimkit_abc_secretsecret';
    expect(bodyExcerpt(`{"echo":"Bearer ${token}",\n "x": 1}`, token)).toBe('{"echo":"Bearer [redacted]", "x": 1}');
    const long = bodyExcerpt('x'.repeat(1000), token)!;
    expect(long.length).toBe(301);
    expect(bodyExcerpt('', token)).toBeUndefined();
  });

  it('reads detail and scimType from SCIM error bodies and common look-alikes', () => {
    expect(scimErrorOf({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'taken' })).toEqual({
      detail: 'taken',
      scimType: 'uniqueness',
    });
    expect(scimErrorOf({ message: 'nope' })).toEqual({ detail: 'nope' });
    expect(scimErrorOf('text')).toEqual({});
  });
});
