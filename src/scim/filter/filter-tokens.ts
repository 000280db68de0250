import { isStorableText } from '../input-rules.js';
import type { ScimError } from '../errors.js';

/** One lexical token of a filter or PATCH path; `pos` is the 1-based character position for error details. */
export interface Token {
  type: '(' | ')' | '[' | ']' | 'string' | 'word';
  /** The decoded string for `string`, the raw text for `word`, the bracket itself otherwise. */
  text: string;
  pos: number;
}

/** Builds the ScimError a parser throws (invalidFilter or invalidPath), so one lexer serves both. */
export type Fail = (detail: string) => ScimError;

const PUNCT = new Set(['(', ')', '[', ']']);
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const SPACE = /\s/;
// The rest of a word from its first character: anything but whitespace (as SPACE), brackets and quotes.
const WORD = /[^\s()[\]"]+/y;

/** The same whitespace String.prototype.trim removes, so trimming and tokenizing agree. */
function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

/** Shows a token or a piece of input in an error detail, shortened so hostile input cannot bloat the response. */
export function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}

/** Describes a token for an error detail: `"eqq" at position 10`, or `end of input`. */
export function describeToken(tok: Token | undefined): string {
  if (!tok) return 'end of input';
  const shown = tok.type === 'string' ? `string ${quote(tok.text)}` : quote(tok.text);
  return `${shown} at position ${tok.pos}`;
}

/** Reads a JSON string (RFC 8259 §7) starting at the opening quote; returns the decoded text and the index after it. */
function readString(input: string, start: number, fail: Fail): { text: string; end: number } {
  // Most strings hold no escape: their text is one slice, up to the closing quote.
  const close = input.indexOf('"', start + 1);
  if (close >= 0) {
    const backslash = input.indexOf('\\', start + 1);
    if (backslash < 0 || backslash > close) {
      const text = input.slice(start + 1, close);
      if (!isStorableText(text)) throw fail(`the string starting at position ${start + 1} contains a NUL character or an unpaired UTF-16 surrogate`);
      return { text, end: close + 1 };
    }
  }
  let out = '';
  let i = start + 1;
  while (i < input.length) {
    const ch = input[i];
    if (ch === '"') {
      // `\u0000` or an unpaired `\ud800` decode to text no database compares faithfully (SQLite cuts a LIKE at NUL).
      if (!isStorableText(out)) throw fail(`the string starting at position ${start + 1} contains a NUL character or an unpaired UTF-16 surrogate`);
      return { text: out, end: i + 1 };
    }
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const esc = input[i + 1];
    if (esc === undefined) break;
    if (esc === 'u') {
      const hex = input.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw fail(`invalid \\u escape at position ${i + 1}: expected four hex digits`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const simple = SIMPLE_ESCAPES[esc];
    if (simple === undefined) throw fail(`invalid escape ${quote('\\' + esc)} at position ${i + 1}`);
    out += simple;
    i += 2;
  }
  throw fail(`unterminated string starting at position ${start + 1}`);
}

/**
 * Splits filter or path text into tokens. Whitespace separates tokens but is never required around brackets
 * or strings (`userName eq"x"` is tolerated); a word is any run of other characters (names, URNs, operators, numbers).
 */
export function tokenize(input: string, fail: Fail): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (PUNCT.has(ch)) {
      tokens.push({ type: ch as Token['type'], text: ch, pos: i + 1 });
      i++;
    } else if (ch === '"') {
      const { text, end } = readString(input, i, fail);
      tokens.push({ type: 'string', text, pos: i + 1 });
      i = end;
    } else {
      // A word runs to the next space, bracket or quote: one sticky match instead of a test per character.
      WORD.lastIndex = i;
      WORD.test(input);
      tokens.push({ type: 'word', text: input.slice(i, WORD.lastIndex), pos: i + 1 });
      i = WORD.lastIndex;
    }
  }
  return tokens;
}
