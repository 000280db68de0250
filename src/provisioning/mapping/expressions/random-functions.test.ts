import { describe, expect, it } from 'vitest';
import { seededRandom, valueOf } from '../../../../test/support/expression-eval.js';

const count = (text: string, set: RegExp) => [...text].filter((c) => set.test(c)).length;

describe('Guid', () => {
  it('is a version 4 GUID drawn from the context\'s random source', async () => {
    const a = await valueOf('Guid()', {}, { random: seededRandom(1) });
    const b = await valueOf('Guid()', {}, { random: seededRandom(2) });
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(await valueOf('Guid()', {}, { random: seededRandom(1) })).toBe(a);
  });
});

describe('RandomString', () => {
  it('meets the documented examples\' minimums for many seeds', async () => {
    for (let seed = 0; seed < 200; seed++) {
      const random = seededRandom(seed);
      const one = (await valueOf('RandomString(6,3,0,0,3)', {}, { random })) as string;
      expect(one).toHaveLength(6);
      expect(count(one, /\d/)).toBe(3);
      expect(count(one, /[a-z]/)).toBe(3);
      const two = (await valueOf('RandomString(10,2,2,2,1,"?,")', {}, { random })) as string;
      expect(two).toHaveLength(10);
      expect(count(two, /\d/)).toBeGreaterThanOrEqual(2);
      expect(count(two, /[^A-Za-z0-9]/)).toBeGreaterThanOrEqual(2);
      expect(count(two, /[A-Z]/)).toBeGreaterThanOrEqual(2);
      expect(count(two, /[a-z]/)).toBeGreaterThanOrEqual(1);
      expect(two).not.toMatch(/[?,]/);
    }
  });

  it('spreads the required classes over every position (shuffled)', async () => {
    const firsts = new Set<string>();
    const kind = (c: string) => (/\d/.test(c) ? 'digit' : /[a-z]/.test(c) ? 'lower' : /[A-Z]/.test(c) ? 'upper' : 'special');
    for (let seed = 0; seed < 100; seed++) firsts.add(kind(((await valueOf('RandomString(4,1,1,1,1)', {}, { random: seededRandom(seed) })) as string)[0]));
    expect(firsts).toEqual(new Set(['digit', 'lower', 'upper', 'special']));
  });

  it('refuses impossible requests', async () => {
    await expect(valueOf('RandomString(257,0,0,0,0)')).rejects.toThrow(/between 1 and 256/);
    await expect(valueOf('RandomString(3,2,2,0,0)')).rejects.toThrow(/add up to 4, more than the length 3/);
    await expect(valueOf('RandomString(3,1,0,0,0,"0123456789")')).rejects.toThrow(/leaves no character/);
    await expect(valueOf('RandomString(3,-1,0,0,0)')).rejects.toThrow(/minimumNumbers must be 0 or more/);
  });
});
