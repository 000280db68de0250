import { MAX_EXPRESSION_LENGTH, expressionError, quoteText, type ExpressionError } from '../mapping-errors.js';
import type { CallNode, CompareOperator, ConstantNode, ExprNode } from './expr-node.js';

/** Deepest nesting of calls and parentheses accepted; bounds recursion on hostile input. */
export const MAX_EXPRESSION_DEPTH = 100;

const CONSTANTS: Record<string, ConstantNode['name']> = {
  vbtextcompare: 'vbTextCompare',
  vbbinarycompare: 'vbBinaryCompare',
  true: 'True',
  false: 'False',
};

const OPERATORS: CompareOperator[] = ['<=', '>=', '<>', '=', '<', '>'];
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const HEX = /&[Hh]([0-9A-Fa-f]*)/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s/;
const OPERAND = 'a function call, an [attribute], a "string" or a number';

/** The text each parsed tree came from, so validation and evaluation can report line and column. */
const sources = new WeakMap<ExprNode, string>();

/** The expression text a tree was parsed from ('' for a tree built by hand). */
export function expressionSource(node: ExprNode): string {
  return sources.get(node) ?? '';
}

function sticky(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Recursive descent over characters: or → and → comparison → operand; recursion only at calls and parentheses. */
class ExpressionParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): ExprNode {
    this.skipSpace();
    const node = this.or(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw this.fail('an operator, "AND", "OR" or the end of the expression');
    return node;
  }

  private fail(expected: string, at = this.pos, hint?: string): ExpressionError {
    return expressionError.syntax(this.text, at, expected, this.found(at), hint);
  }

  /** What stands at a position, as a message shows it: a word, a number, a string, one character, or end of input. */
  private found(at: number): string {
    if (at >= this.text.length) return 'end of input';
    const word = sticky(WORD, this.text, at) ?? sticky(NUMBER, this.text, at);
    if (word) return quoteText(word[0]);
    if (this.text[at] === '"') return `string ${quoteText(this.text.slice(at + 1, at + 20).split('"')[0])}`;
    return quoteText(this.text[at]);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && SPACE.test(this.text[this.pos])) this.pos++;
  }

  /** Consumes a keyword (any case) when it stands next as a whole word. */
  private keyword(word: 'AND' | 'OR'): boolean {
    this.skipSpace();
    const m = sticky(WORD, this.text, this.pos);
    if (m?.[0].toUpperCase() !== word) return false;
    this.pos += word.length;
    return true;
  }

  private or(depth: number): ExprNode {
    let left = this.and(depth);
    while (this.keyword('OR')) {
      const right = this.and(depth);
      left = { type: 'logical', op: 'OR', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(depth: number): ExprNode {
    let left = this.comparison(depth);
    while (this.keyword('AND')) {
      const right = this.comparison(depth);
      left = { type: 'logical', op: 'AND', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private comparison(depth: number): ExprNode {
    let left = this.operand(depth);
    for (;;) {
      this.skipSpace();
      const op = OPERATORS.find((o) => this.text.startsWith(o, this.pos));
      if (!op) return left;
      this.pos += op.length;
      const right = this.operand(depth);
      left = { type: 'compare', op, left, right, start: left.start, end: right.end };
    }
  }

  private operand(depth: number): ExprNode {
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[start];
    if (ch === '"') return this.string();
    if (ch === '[') return this.attribute();
    if (ch === '(') {
      this.enter(depth);
      this.pos++;
      this.skipSpace();
      const inner = this.or(depth + 1);
      this.skipSpace();
      if (this.text[this.pos] !== ')') throw this.fail(`")" to close "(" at position ${start}`);
      this.pos++;
      return inner;
    }
    if (ch === '&') return this.hex();
    const number = sticky(NUMBER, this.text, start);
    if (number) {
      this.pos += number[0].length;
      return { type: 'number', value: Number(number[0]), start, end: this.pos };
    }
    const word = sticky(WORD, this.text, start);
    if (!word) throw this.fail(OPERAND);
    const upper = word[0].toUpperCase();
    if (upper === 'AND' || upper === 'OR') throw this.fail(`${OPERAND} before "${upper}"`);
    this.pos += word[0].length;
    this.skipSpace();
    if (this.text[this.pos] === '(') return this.call(word[0], start, depth);
    const constant = CONSTANTS[word[0].toLowerCase()];
    if (constant) return { type: 'constant', name: constant, start, end: start + word[0].length };
    throw this.fail('"("', this.pos, `a function name is followed by "(", an attribute is written in brackets: [${word[0]}]`);
  }

  private enter(depth: number): void {
    if (depth >= MAX_EXPRESSION_DEPTH) throw this.fail(`at most ${MAX_EXPRESSION_DEPTH} levels of nesting`);
  }

  /** `Name(` has been read up to the parenthesis; blank arguments (`f(a, , b)`) become null. */
  private call(name: string, start: number, depth: number): CallNode {
    this.enter(depth);
    this.pos++;
    const args: (ExprNode | null)[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { type: 'call', name, args, start, end: this.pos };
    }
    for (;;) {
      this.skipSpace();
      const ch = this.text[this.pos];
      args.push(ch === ',' || ch === ')' ? null : this.or(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ')') return { type: 'call', name, args, start, end: this.pos };
      if (next !== ',') {
        this.pos--;
        throw this.fail('"," or ")"');
      }
    }
  }

  /** `"…"`: `\"` and `\\` are escapes; any other backslash stays as written, so regexes like "\d" read naturally. */
  private string(): ExprNode {
    const start = this.pos;
    let value = '';
    let i = start + 1;
    while (i < this.text.length) {
      const ch = this.text[i];
      if (ch === '"') {
        this.pos = i + 1;
        return { type: 'string', value, start, end: this.pos };
      }
      if (ch === '\\' && (this.text[i + 1] === '"' || this.text[i + 1] === '\\')) {
        value += this.text[i + 1];
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    throw this.fail(`'"' to close the string started at position ${start}`, this.text.length);
  }

  /** `[name]`, where the name may hold a SCIM value filter with its own brackets and quoted strings. */
  private attribute(): ExprNode {
    const start = this.pos;
    let depth = 0;
    let i = start;
    while (i < this.text.length) {
      const ch = this.text[i];
      if (ch === '"') {
        i++;
        while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === '\\' ? 2 : 1;
      } else if (ch === '[') {
        depth++;
      } else if (ch === ']' && --depth === 0) {
        const name = this.text.slice(start + 1, i).trim();
        if (name === '') throw this.fail('an attribute name', start + 1);
        this.pos = i + 1;
        return { type: 'attribute', name, start, end: this.pos };
      }
      i++;
    }
    throw this.fail(`"]" to close "[" at position ${start}`, this.text.length);
  }

  private hex(): ExprNode {
    const start = this.pos;
    const m = sticky(HEX, this.text, start);
    if (!m) throw this.fail(OPERAND);
    if (m[1] === '') throw this.fail('hexadecimal digits after "&H"', start + 2);
    this.pos += m[0].length;
    return { type: 'number', value: parseInt(m[1], 16), start, end: this.pos };
  }
}

/**
 * Parses an expression in Entra ID's syntax (function calls, [attributes], "strings", numbers, &H hex, blank optional
 * arguments, comparisons, and AND/OR). Throws an ExpressionError with the 0-based position and what was expected.
 */
export function parseExpression(text: string): ExprNode {
  if (typeof text !== 'string') throw expressionError.syntax('', 0, 'an expression', 'no text');
  if (text.length > MAX_EXPRESSION_LENGTH) throw expressionError.tooLong('expression', text.length);
  const node = new ExpressionParser(text).parse();
  sources.set(node, text);
  return node;
}
