import { isScimError, scimError } from '../errors.js';
import type { AttrPath, CompareOp, CompValue, Filter, PatchPath } from './ast.js';
import { type Fail, type Token, describeToken, quote, tokenize } from './filter-tokens.js';
import { checkInput, isAttrName, parseAttrWord } from './parse-attr-path.js';

/** Re-exported so callers find every path parser in one module. */
export { MAX_FILTER_LENGTH, parseAttrPath } from './parse-attr-path.js';

/** Deepest nesting of parentheses, `not (…)` and value filters accepted; bounds recursion on hostile input. */
export const MAX_FILTER_DEPTH = 50;

/** Most attribute expressions one filter may hold; keeps the AST (and the SQL built from it) small. */
export const MAX_FILTER_TERMS = 200;

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
/** RFC 8259 §6 number. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Recursive-descent parser over tokens; recursion only happens at a bracket, so depth is bounded by MAX_FILTER_DEPTH. */
class Parser {
  private i = 0;
  private terms = 0;

  constructor(
    private readonly toks: Token[],
    private readonly fail: Fail,
  ) {}

  private peek(ahead = 0): Token | undefined {
    return this.toks[this.i + ahead];
  }

  private isWord(tok: Token | undefined, keyword: string): boolean {
    return tok?.type === 'word' && tok.text.toLowerCase() === keyword;
  }

  private enter(depth: number, tok: Token): number {
    if (depth >= MAX_FILTER_DEPTH) throw this.fail(`nesting deeper than ${MAX_FILTER_DEPTH} levels at position ${tok.pos}`);
    return depth + 1;
  }

  private close(type: ')' | ']', opener: Token): void {
    const tok = this.peek();
    if (tok?.type === type) {
      this.i++;
      return;
    }
    throw this.fail(`expected ${quote(type)} to close ${quote(opener.text)} at position ${opener.pos}, found ${describeToken(tok)}`);
  }

  /** Fails on anything left over after a complete expression. */
  end(): void {
    const tok = this.peek();
    if (!tok) return;
    if (tok.type === ')' || tok.type === ']') throw this.fail(`unbalanced ${quote(tok.text)} at position ${tok.pos}`);
    throw this.fail(`expected "and", "or" or the end of the filter, found ${describeToken(tok)}`);
  }

  /** filter = andExp *("or" andExp): `or` is the loosest and left-associative. */
  or(depth: number, inValue: boolean): Filter {
    let left = this.and(depth, inValue);
    while (this.isWord(this.peek(), 'or')) {
      this.i++;
      left = { kind: 'or', left, right: this.and(depth, inValue) };
    }
    return left;
  }

  private and(depth: number, inValue: boolean): Filter {
    let left = this.term(depth, inValue);
    while (this.isWord(this.peek(), 'and')) {
      this.i++;
      left = { kind: 'and', left, right: this.term(depth, inValue) };
    }
    return left;
  }

  private term(depth: number, inValue: boolean): Filter {
    const tok = this.peek();
    if (tok?.type === '(') {
      const d = this.enter(depth, tok);
      this.i++;
      const inner = this.or(d, inValue);
      this.close(')', tok);
      return inner;
    }
    if (tok?.type !== 'word') throw this.fail(`expected an attribute name, "(" or "not", found ${describeToken(tok)}`);
    const lower = tok.text.toLowerCase();
    if (lower === 'not') {
      const open = this.peek(1);
      if (open?.type !== '(') throw this.fail(`expected "(" after "not" at position ${tok.pos}, found ${describeToken(open)}`);
      const d = this.enter(depth, open);
      this.i += 2;
      const inner = this.or(d, inValue);
      this.close(')', open);
      return { kind: 'not', filter: inner };
    }
    if (lower === 'and' || lower === 'or') throw this.fail(`expected a filter expression before ${describeToken(tok)}`);
    return this.attrExp(tok, depth, inValue);
  }

  private attrExp(tok: Token, depth: number, inValue: boolean): Filter {
    this.i++;
    const path = parseAttrWord(tok.text, tok.pos, this.fail);
    if (++this.terms > MAX_FILTER_TERMS) throw this.fail(`more than ${MAX_FILTER_TERMS} attribute expressions (at position ${tok.pos})`);
    const open = this.peek();
    if (open?.type !== '[') {
      if (inValue && (path.uri !== undefined || path.sub !== undefined)) {
        throw this.fail(`inside a value filter use plain sub-attribute names, found ${describeToken(tok)}`);
      }
      return this.opAndValue(path, tok);
    }
    if (inValue) throw this.fail(`value filters cannot be nested (RFC 7644 errata 4690): "[" at position ${open.pos}`);
    if (path.sub !== undefined) throw this.fail(`a value filter must follow a plain attribute, not ${describeToken(tok)}`);
    const inner = this.bracket(open, depth);
    const dot = this.peek();
    if (dot?.type !== 'word' || !dot.text.startsWith('.')) return { kind: 'valuePath', path, filter: inner };
    // Tolerated extension: `emails[type eq "work"].value eq "x"` means `emails[type eq "work" and value eq "x"]`.
    this.i++;
    const sub = this.subAfterBracket(dot);
    return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: this.opAndValue({ attr: sub }, dot) } };
  }

  /** Parses `[valFilter]` with the opening bracket as the next token. */
  bracket(open: Token, depth: number): Filter {
    const d = this.enter(depth, open);
    this.i++;
    const inner = this.or(d, true);
    this.close(']', open);
    return inner;
  }

  /** Validates the `.sub` word that follows a closing bracket and returns the name without the dot. */
  subAfterBracket(dot: Token): string {
    const sub = dot.text.slice(1);
    if (!isAttrName(sub)) throw this.fail(`invalid sub-attribute ${describeToken(dot)} after "]"`);
    return sub;
  }

  private opAndValue(path: AttrPath, pathTok: Token): Filter {
    const opTok = this.peek();
    if (opTok?.type !== 'word') throw this.fail(`expected an operator after ${describeToken(pathTok)}, found ${describeToken(opTok)}`);
    const op = opTok.text.toLowerCase();
    this.i++;
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(op)) {
      throw this.fail(`unknown operator ${describeToken(opTok)}; expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr`);
    }
    return { kind: 'compare', path, op: op as CompareOp, value: this.value(opTok) };
  }

  private value(opTok: Token): CompValue {
    const tok = this.peek();
    const after = `after ${quote(opTok.text)} at position ${opTok.pos}`;
    if (tok?.type === 'string') {
      this.i++;
      return tok.text;
    }
    if (tok?.type !== 'word') throw this.fail(`missing value ${after}, found ${describeToken(tok)}`);
    const lower = tok.text.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'not') throw this.fail(`missing value ${after}, found ${describeToken(tok)}`);
    this.i++;
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (NUMBER.test(tok.text)) {
      const n = Number(tok.text);
      if (!Number.isFinite(n)) throw this.fail(`number ${describeToken(tok)} is out of range`);
      return n;
    }
    if (tok.text.startsWith("'")) throw this.fail(`invalid value ${describeToken(tok)} ${after}: strings take double quotes (RFC 7644 §3.4.2.2)`);
    // Tolerated: an unquoted word is a string. RFC 7644 requires quotes, but Microsoft's SCIM guide shows
    // `filter=externalId eq jyoung` and some clients (authentik 2025.8) send such filters.
    return tok.text;
  }

  /** PATH = attrPath / valuePath [subAttr] (RFC 7644 §3.5.2). */
  patchPath(): PatchPath {
    const tok = this.peek();
    if (tok?.type !== 'word') throw this.fail(`expected an attribute name, found ${describeToken(tok)}`);
    this.i++;
    const path = parseAttrWord(tok.text, tok.pos, this.fail);
    const open = this.peek();
    if (!open) return { path };
    if (open.type !== '[') throw this.fail(`unexpected ${describeToken(open)} after the attribute path`);
    if (path.sub !== undefined) throw this.fail(`a value filter must follow a plain attribute, not ${describeToken(tok)}`);
    const result: PatchPath = { path, filter: this.bracket(open, 0) };
    const dot = this.peek();
    if (dot) {
      if (dot.type !== 'word' || !dot.text.startsWith('.')) throw this.fail(`expected ".subAttribute" or the end after "]", found ${describeToken(dot)}`);
      this.i++;
      result.subAfterFilter = this.subAfterBracket(dot);
    }
    const rest = this.peek();
    if (rest) throw this.fail(`unexpected ${describeToken(rest)} after the path`);
    return result;
  }
}

/** Runs a parse so that nothing but the given ScimError kind can escape, whatever the input. */
function guarded<T>(fail: Fail, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (isScimError(err)) throw err;
    throw fail('the input could not be parsed');
  }
}

/** Parses a `filter` query parameter (RFC 7644 §3.4.2.2); malformed input throws 400 invalidFilter naming the position. */
export function parseFilter(text: string): Filter {
  const fail: Fail = (detail) => scimError.invalidFilter(`Invalid filter: ${detail}.`);
  return guarded(fail, () => {
    checkInput(text, 'the filter', fail);
    const parser = new Parser(tokenize(text, fail), fail);
    const filter = parser.or(0, false);
    parser.end();
    return filter;
  });
}

/** Parses a PATCH operation `path` (RFC 7644 §3.5.2); malformed input throws 400 invalidPath. */
export function parsePatchPath(text: string): PatchPath {
  const fail: Fail = (detail) => scimError.invalidPath(`Invalid path: ${detail}.`);
  return guarded(fail, () => {
    checkInput(text, 'the path', fail);
    return new Parser(tokenize(text, fail), fail).patchPath();
  });
}
