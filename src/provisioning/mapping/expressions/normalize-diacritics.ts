// Entra's NormalizeDiacritics: accented letters fold to their base letters (ä→a, ḗ→e, Ǟ→A), and the letters
// that are not an accent on a base (æ, ø, ß, ł, ı, œ, đ) fold as Entra's table lists them.

/** Letters without a Unicode decomposition, folded as Entra's table says (æ→ae, ø→oe, ß→ss, ł→l, ı→i), plus œ and đ. */
const SPECIAL: Record<string, string> = {
  æ: 'ae',
  Æ: 'AE',
  ø: 'oe',
  Ø: 'OE',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
  đ: 'd',
  Đ: 'D',
};

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SPECIALS = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/**
 * Removes diacritics: decomposes (NFD), drops the combining diacritical marks (U+0300–U+036F), folds the special
 * letters, and recomposes (NFC), so scripts whose marks are not diacritics (Hangul, kana voicing) stay intact.
 */
export function normalizeDiacritics(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(SPECIALS, (ch) => SPECIAL[ch]).normalize('NFC');
}
