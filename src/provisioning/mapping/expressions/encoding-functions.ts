import { defineFunction, type FunctionDef } from './function-types.js';
import { normalizeDiacritics } from './normalize-diacritics.js';
import { EvalFailure, mapText, numberOf } from './values.js';

/** Encodings and bits: ConvertToBase64, ConvertToUTF8Hex, NormalizeDiacritics, BitAnd. */
export const encodingFunctions: FunctionDef[] = [
  defineFunction('ConvertToBase64', 'Base64 of the text encoded as UTF-16LE (.NET "Unicode").', ['source'], ([source]) =>
    mapText(source.value(), (t) => Buffer.from(t, 'utf16le').toString('base64')),
  ),
  defineFunction('ConvertToUTF8Hex', 'Upper-case hexadecimal of the text encoded as UTF-8.', ['source'], ([source]) =>
    mapText(source.value(), (t) => Buffer.from(t, 'utf8').toString('hex').toUpperCase()),
  ),
  defineFunction('NormalizeDiacritics', 'Replaces accented characters with unaccented ones (ä→a, ø→oe, ß→ss).', ['source'], ([source]) =>
    mapText(source.value(), normalizeDiacritics),
  ),
  defineFunction('BitAnd', 'Bitwise AND of two whole numbers, e.g. BitAnd(&HF, &HF7) = 7.', ['value1', 'value2'], ([a, b]) => {
    const x = numberOf(a.value());
    const y = numberOf(b.value());
    if (x === null || y === null) return null;
    if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) throw new EvalFailure(`expects whole numbers, found ${x} and ${y}`);
    return Number(BigInt.asIntN(64, BigInt(x) & BigInt(y)));
  }),
];

