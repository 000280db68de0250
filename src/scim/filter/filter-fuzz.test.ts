import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import type { AttrPath, CompareOp, CompValue, Filter } from './ast.js';
import { matchesFilter } from './evaluate-filter.js';
import { formatFilter } from './format-filter.js';
import { parseFilter, parsePatchPath } from './parse-filter.js';
import { prng } from '../../../test/support/prng.js';

const rand = prng(0x5c1e);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const repeat = (n: number, f: () => string) => Array.from({ length: n }, f).join('');

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const VOCAB = [
  '(', ')', '[', ']', 'not', 'NOT', 'and', 'AND', 'or', 'Or', 'eq', 'EQ', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'PR',
  'userName', 'emails', 'name.givenName', 'meta.lastModified', `${ENT}:employeeNumber`, `${ENT}:manager.value`, 'members', 'type', 'value',
  '"x"', '"', '\\', '"a\\"b"', '"\\u00e9"', '"\\u12"', 'true', 'False', 'null', '42', '-1.5e3', '01', '.value', '.', ':', 'urn:', '$ref',
  "'x'", ',', '=', '1=1', '--', ';', '\u0000', '😀', '\u202e', '\ufeff',
];
const SPACES = ['', ' ', ' ', '  ', '\t', '\n', '\u00a0'];
const INJECTIONS = [
  'userName eq "x\\" OR 1=1 --"',
  'userName eq "x" OR 1=1 --',
  'userName eq "x\'; DROP TABLE users; --"',
  "userName eq 'x' or '1'='1'",
  'userName eq "x") or (1 eq 1',
  'userName eq "x"; DELETE FROM users',
  'userName eq "\\u0027 OR \\u00271\\u0027=\\u00271"',
  'userName eq "%22 or 1=1"',
  'userName eq "x" union select * from tokens',
  'userName eq "x\\\\" or userName pr',
  'emails[value eq "x"] or 1 eq 1',
  'userName eq "${jndi:ldap://x}"',
  'userName eq "<script>alert(1)</script>"',
  '__proto__ pr',
  'constructor.prototype eq "x"',
];

/** The safety property: parseFilter returns a Filter that round-trips, or throws 400 invalidFilter; nothing else. */
function checkSafe(text: string): Filter | undefined {
  const start = performance.now();
  let result: Filter | undefined;
  try {
    result = parseFilter(text);
  } catch (err) {
    if (!isScimError(err) || err.status !== 400 || err.scimType !== 'invalidFilter') {
      throw new Error(`unexpected error for ${JSON.stringify(text.slice(0, 200))}: ${String(err)}`);
    }
  }
  expect(performance.now() - start).toBeLessThan(250);
  if (result) expect(parseFilter(formatFilter(result))).toEqual(result);
  return result;
}

function randomChars(n: number): string {
  return repeat(n, () => (rand() < 0.7 ? String.fromCharCode(32 + int(95)) : String.fromCharCode(int(0x10000))));
}

function tokenSoup(): string {
  return repeat(1 + int(25), () => pick(VOCAB) + pick(SPACES));
}

function mutate(text: string): string {
  const chars = [...text];
  for (let k = 1 + int(3); k > 0; k--) {
    const at = int(chars.length + 1);
    const r = rand();
    if (r < 0.33) chars.splice(at, 1);
    else if (r < 0.66) chars.splice(at, 0, pick(['(', ')', '[', ']', '"', '\\', ' ', '.', ':', 'x']));
    else chars.splice(at, 1, pick(VOCAB));
  }
  return chars.join('');
}

describe('fuzz: parseFilter never throws anything but invalidFilter and never hangs', () => {
  it('random characters', () => {
    for (let i = 0; i < 3000; i++) checkSafe(randomChars(int(120)));
  });
  it('token soup from the grammar vocabulary', () => {
    let parsed = 0;
    for (let i = 0; i < 5000; i++) if (checkSafe(tokenSoup())) parsed++;
    expect(parsed).toBeGreaterThan(0);
  });
  it('mutations of valid filters', () => {
    for (let i = 0; i < 3000; i++) checkSafe(mutate(formatFilter(randomFilter(3))));
  });
  it('deep nesting, balanced or not', () => {
    const opens = ['(', 'not (', 'emails[', 'not(', '[', '(('];
    for (let i = 0; i < 400; i++) {
      const n = int(300);
      const open = pick(opens);
      const close = open.includes('[') ? ']' : ')';
      checkSafe(open.repeat(n) + 'userName pr' + close.repeat(int(2) ? n : int(n + 1)));
    }
    checkSafe('('.repeat(100_000));
    checkSafe('('.repeat(9_999) + 'a pr');
    checkSafe('not ('.repeat(2_000) + 'a pr' + ')'.repeat(2_000));
    checkSafe('a['.repeat(3_000));
  });
  it('huge inputs', () => {
    checkSafe(`userName eq "${'a'.repeat(9_980)}"`);
    checkSafe(`userName eq "${'a'.repeat(20_000)}"`);
    checkSafe('x'.repeat(1_000_000));
    checkSafe(`userName eq "${'\\"'.repeat(4_990)}"`);
    checkSafe(Array.from({ length: 1_500 }, (_, i) => `a${i} pr`).join(' or ').slice(0, 10_000));
    checkSafe(Array.from({ length: 150 }, (_, i) => `a${i} pr`).join(' and '));
    checkSafe(' '.repeat(10_000));
    checkSafe('"'.repeat(10_000));
    checkSafe('\\'.repeat(10_000));
  });
  it('SQL injection and other hostile payloads', () => {
    const first = parseFilter(INJECTIONS[0]);
    expect(first).toEqual({ kind: 'compare', path: { attr: 'userName' }, op: 'eq', value: 'x" OR 1=1 --' });
    for (const text of INJECTIONS) {
      checkSafe(text);
      for (let k = 0; k < 50; k++) checkSafe(mutate(text));
    }
  });
  it('unicode everywhere', () => {
    const odd = ['é', '日本', '😀', '\ud800', '\udc00', '\u200b', '\u202e', '\u0000', '\ufeff', '\u2028', 'İ', 'ß'];
    for (let i = 0; i < 1000; i++) {
      const s = repeat(1 + int(5), () => pick(odd));
      checkSafe(`userName eq "${s}"`);
      checkSafe(`${s} eq "x"`);
      checkSafe(`userName ${s} "x"`);
      checkSafe(`userName eq ${s}`);
    }
  });
  it('parsePatchPath only throws invalidPath', () => {
    for (let i = 0; i < 3000; i++) {
      const text = rand() < 0.5 ? tokenSoup() : mutate('emails[type eq "work"].value');
      try {
        parsePatchPath(text);
      } catch (err) {
        expect(isScimError(err) && err.status === 400 && err.scimType === 'invalidPath').toBe(true);
      }
    }
  });
});

const OPS: CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
const REAL = ['userName', 'displayName', 'title', 'active', 'emails', 'id', 'externalId', 'name', 'meta', 'nickName', 'foo'];
const SUBS = ['value', 'type', 'primary', 'givenName', 'lastModified', 'display', '$ref'];
const URIS = ['urn:ietf:params:scim:schemas:core:2.0:User', ENT, 'urn:x-y:z.1:a'];

function randomName(): string {
  if (rand() < 0.5) return pick(REAL);
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const name = pick([...first]) + repeat(int(8), () => pick([...`${first}0123456789_-`]));
  return ['and', 'or', 'not'].includes(name.toLowerCase()) ? 'x' + name : name;
}

function randomPath(plain: boolean): AttrPath {
  const path: AttrPath = { attr: randomName() };
  if (!plain && rand() < 0.2) path.uri = pick(URIS);
  if (!plain && rand() < 0.3) path.sub = rand() < 0.7 ? pick(SUBS) : randomName();
  return { ...(path.uri !== undefined ? { uri: path.uri } : {}), attr: path.attr, ...(path.sub !== undefined ? { sub: path.sub } : {}) };
}

function randomValue(): CompValue {
  const r = rand();
  if (r < 0.08) return pick([true, false, null]);
  if (r < 0.2) return pick([0, -0, 42, -7, 3.25, 1e21, 1.5e-7, -1e-300, Number.MAX_SAFE_INTEGER]) * (rand() < 0.5 ? 1 : -1);
  if (r < 0.3) return (rand() - 0.5) * 10 ** int(12);
  // Any character a filter may carry: not NUL and not half a surrogate pair, which filters refuse (input-rules.ts).
  return repeat(int(12), () => (rand() < 0.6 ? pick([...'aZ9 @."\\/\'']) : String.fromCharCode(1 + int(0xd7ff))));
}

/** Random valid AST; inside a value path (`plain`) names are bare sub-attributes and value paths do not nest. */
function randomFilter(depth: number, plain = false): Filter {
  const r = rand();
  if (depth <= 0 || r < 0.35) {
    if (rand() < 0.2) return { kind: 'present', path: randomPath(plain) };
    return { kind: 'compare', path: randomPath(plain), op: pick(OPS), value: randomValue() };
  }
  if (r < 0.55) return { kind: 'and', left: randomFilter(depth - 1, plain), right: randomFilter(depth - 1, plain) };
  if (r < 0.75) return { kind: 'or', left: randomFilter(depth - 1, plain), right: randomFilter(depth - 1, plain) };
  if (r < 0.87 || plain) return { kind: 'not', filter: randomFilter(depth - 1, plain) };
  return { kind: 'valuePath', path: { attr: randomName() }, filter: randomFilter(depth - 1, true) };
}

describe('round trip: parseFilter(formatFilter(ast)) deep-equals ast', () => {
  it('holds for thousands of random trees', () => {
    for (let i = 0; i < 4000; i++) {
      const ast = randomFilter(1 + int(6));
      const text = formatFilter(ast);
      expect(parseFilter(text), text).toEqual(ast);
    }
  });
  it('the evaluator returns a boolean or throws invalidFilter for any parsed tree', () => {
    const user = { userName: 'bjensen', active: true, emails: [{ value: 'a@x', type: 'work', primary: true }], name: { givenName: 'B' }, meta: { lastModified: '2011-05-13T04:42:34Z' } };
    for (let i = 0; i < 3000; i++) {
      const ast = randomFilter(1 + int(4));
      try {
        expect(typeof matchesFilter('User', user, ast)).toBe('boolean');
      } catch (err) {
        expect(isScimError(err) && err.scimType === 'invalidFilter', String(err)).toBe(true);
      }
    }
  });
});
