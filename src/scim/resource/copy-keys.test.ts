import { describe, expect, it } from 'vitest';
import { assignWithout } from './copy-keys.js';

describe('assignWithout', () => {
  it('copies own keys after the target’s, leaving out the omitted ones, like a spread of an object rest', () => {
    const source = { schemas: ['s'], userName: 'a', id: 'x', name: { givenName: 'A' } };
    const out = assignWithout({ id: 'kept' } as Record<string, unknown>, source, ['id', 'meta']);
    const { id: _id, meta: _meta, ...rest } = source as Record<string, unknown>;
    expect(out).toEqual({ id: 'kept', ...rest });
    expect(Object.keys(out)).toEqual(['id', 'schemas', 'userName', 'name']);
    expect(out.name).toBe(source.name);
  });

  it('copies a parsed "__proto__" key as data, never as the copy’s prototype', () => {
    const source = JSON.parse('{"userName":"a","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const out = assignWithout({}, source, []);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"userName":"a","__proto__":{"polluted":true}}');
  });
});
