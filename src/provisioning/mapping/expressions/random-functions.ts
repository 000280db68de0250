import { defineFunction, type FunctionDef } from './function-types.js';
import { EvalFailure, integerOf, textOf } from './values.js';

/** Longest RandomString Entra generates. */
export const MAX_RANDOM_STRING = 256;

const DIGITS = '0123456789';
/** The special characters of the Windows password complexity rules, which Entra's RandomString draws from. */
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

function pick(set: string, random: () => number): string {
  return set[Math.min(set.length - 1, Math.floor(random() * set.length))];
}

function count(v: ReturnType<typeof integerOf>, what: string): number {
  if (v === null || v < 0) throw new EvalFailure(`${what} must be 0 or more, found ${v}`);
  return v;
}

/** Random generation: Guid, RandomString (from the context's random source, so tests can fix it). */
export const randomFunctions: FunctionDef[] = [
  defineFunction('Guid', 'A new random GUID.', [], (_args, env) => {
    const bytes = Array.from({ length: 16 }, () => Math.floor(env.ctx.random() * 256) & 0xff);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }),
  defineFunction(
    'RandomString',
    'A random string of the length given with at least the numbers, special characters, capitals and lower-case letters asked for.',
    ['length', 'minimumNumbers', 'minimumSpecialCharacters', 'minimumCapital', 'minimumLowerCase', 'charactersToAvoid?'],
    ([length, numbers, special, capital, lower, avoid], env) => {
      const total = count(integerOf(length.value()), 'length');
      const mins = [numbers, special, capital, lower].map((a, i) => count(integerOf(a.value()), ['minimumNumbers', 'minimumSpecialCharacters', 'minimumCapital', 'minimumLowerCase'][i]));
      if (total < 1 || total > MAX_RANDOM_STRING) throw new EvalFailure(`length must be between 1 and ${MAX_RANDOM_STRING}, found ${total}`);
      const sum = mins.reduce((a, b) => a + b, 0);
      if (sum > total) throw new EvalFailure(`the minimums add up to ${sum}, more than the length ${total}`);
      const avoided = textOf(avoid.value()) ?? '';
      const sets = [DIGITS, SPECIAL, UPPER, LOWER].map((s) => [...s].filter((c) => !avoided.includes(c)).join(''));
      sets.forEach((set, i) => {
        if (mins[i] > 0 && set === '') throw new EvalFailure('charactersToAvoid leaves no character for a required class');
      });
      const random = () => env.ctx.random();
      const chars = sets.flatMap((set, i) => Array.from({ length: mins[i] }, () => pick(set, random)));
      const all = sets.join('');
      while (chars.length < total) chars.push(pick(all, random));
      for (let i = chars.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [chars[i], chars[j]] = [chars[j], chars[i]];
      }
      return chars.join('');
    },
  ),
];
