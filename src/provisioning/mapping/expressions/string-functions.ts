import { defineFunction, literalText, type FunctionDef } from './function-types.js';
import { EvalFailure, integerOf, isNull, mapText, textOf, type Value } from './values.js';

/** A culture name for ToLower/ToUpper (RFC 4646, e.g. "tr-TR"), checked by the platform's locale data. */
function culture(v: Value): string | undefined {
  const text = textOf(v);
  if (text === null || text.trim() === '') return undefined;
  try {
    return Intl.getCanonicalLocales(text.trim())[0];
  } catch {
    throw new EvalFailure(`"${text}" is not a culture name such as "en-US"`);
  }
}

function checkCulture(node: Parameters<NonNullable<FunctionDef['check']>>[0][number]) {
  const text = literalText(node);
  if (text === undefined || text.trim() === '') return undefined;
  try {
    Intl.getCanonicalLocales(text.trim());
    return undefined;
  } catch {
    return { index: 1, message: `"${text}" is not a culture name such as "en-US"` };
  }
}

/** ToLower and ToUpper: the case mapping of the culture given, the invariant one when none is. */
function caseFunction(name: string, what: string, convert: (text: string, culture: string | undefined) => string): FunctionDef {
  return defineFunction(
    name,
    `${what}, by the rules of the culture given (invariant when none).`,
    ['source', 'culture?'],
    ([source, c]) => {
      const name = culture(c.value());
      return mapText(source.value(), (t) => convert(t, name));
    },
    { check: (args) => checkCulture(args[1]) },
  );
}

/** Word separators of .NET's ToTitleCase: anything but letters, marks and digits; apostrophes stay inside words. */
function isDefaultSeparator(ch: string): boolean {
  return !/[\p{L}\p{M}\p{N}'\u2019]/u.test(ch);
}

/** Entra's PCase: every character lower case, then the first of each word upper case. */
function properCase(text: string, separators: string | null): string {
  const isSeparator = separators === null || separators === '' ? isDefaultSeparator : (ch: string) => separators.includes(ch);
  let out = '';
  let wordStart = true;
  for (const ch of text.toLowerCase()) {
    const sep = isSeparator(ch);
    out += wordStart && !sep ? ch.toUpperCase() : ch;
    wordStart = sep;
  }
  return out;
}

/** String functions: Append, Prepend, Left, Mid, StripSpaces, ToLower, ToUpper, PCase, Word, InStr, CStr. */
export const stringFunctions: FunctionDef[] = [
  defineFunction('Append', 'Appends a suffix to the source value.', ['source', 'suffix'], ([source, suffix]) =>
    mapText(source.value(), (t) => t + (textOf(suffix.value()) ?? '')),
  ),
  defineFunction('Prepend', 'Puts a prefix before the source value.', ['prefix', 'source'], ([prefix, source]) =>
    mapText(source.value(), (t) => (textOf(prefix.value()) ?? '') + t),
  ),
  defineFunction('Left', 'The first numChars characters of the string ("" for null or 0, the whole string when negative).', ['string', 'numChars'], ([string, numChars]) => {
    const v = string.value();
    const n = integerOf(numChars.value());
    if (n === null) throw new EvalFailure('numChars is null');
    if (isNull(v)) return '';
    return mapText(v, (t) => (n === 0 ? '' : n < 0 ? t : t.slice(0, n)));
  }),
  defineFunction('Mid', 'The substring from the 1-based start, of at most length characters.', ['source', 'start', 'length'], ([source, start, length]) => {
    const from = integerOf(start.value());
    const count = integerOf(length.value());
    if (from === null || from < 1) throw new EvalFailure(`start must be 1 or more, found ${from}`);
    if (count === null || count < 0) throw new EvalFailure(`length must be 0 or more, found ${count}`);
    return mapText(source.value(), (t) => t.substr(from - 1, count));
  }),
  defineFunction('StripSpaces', 'Removes every space (" ") character.', ['source'], ([source]) => mapText(source.value(), (t) => t.replaceAll(' ', ''))),
  caseFunction('ToLower', 'Lower case', (t, c) => (c ? t.toLocaleLowerCase(c) : t.toLowerCase())),
  caseFunction('ToUpper', 'Upper case', (t, c) => (c ? t.toLocaleUpperCase(c) : t.toUpperCase())),
  defineFunction('PCase', 'Proper case: each word capitalised, the rest lower case; words split as .NET ToTitleCase does or on the given characters.', ['source', 'wordSeparators?'], ([source, seps]) => {
    const separators = textOf(seps.value());
    return mapText(source.value(), (t) => properCase(t, separators));
  }),
  defineFunction('Word', 'The wordNumber-th word (1-based), words split on any of the delimiter characters; "" when there is none.', ['string', 'wordNumber', 'delimiters'], ([string, wordNumber, delimiters]) => {
    const n = integerOf(wordNumber.value());
    const delims = textOf(delimiters.value()) ?? '';
    const v = string.value();
    if (isNull(v) || n === null || n < 1) return '';
    return mapText(v, (t) => {
      const words = delims === '' ? [t] : t.split(new RegExp(`[${delims.replace(/[\\\]^-]/g, '\\$&')}]`)).filter((w) => w !== '');
      return words[n - 1] ?? '';
    });
  }),
  defineFunction('InStr', 'The 1-based position of value2 in value1 from start (0 when absent); vbTextCompare ignores case.', ['value1', 'value2', 'start?', 'compareType?'], ([value1, value2, start, compareType]) => {
    const haystack = textOf(value1.value());
    const needle = textOf(value2.value());
    if (haystack === null || needle === null) return null;
    const from = start.provided ? integerOf(start.value()) : 1;
    if (from === null || from < 1) throw new EvalFailure(`start must be 1 or more, found ${from}`);
    const type = compareType.value();
    const ignoreCase = type === 1 || (typeof type === 'string' && /^\s*(vbTextCompare|1)\s*$/i.test(type));
    if (from > haystack.length) return needle === '' && from === haystack.length + 1 ? from : 0;
    const index = ignoreCase ? haystack.toLowerCase().indexOf(needle.toLowerCase(), from - 1) : haystack.indexOf(needle, from - 1);
    return index + 1;
  }),
  defineFunction('CStr', 'Converts a number, boolean or reference to text (True/False for booleans).', ['value'], ([value]) => mapText(value.value(), (t) => t)),
];
