/** What went wrong, so the console and the admin API can react without reading the message. */
export type ExpressionErrorCode =
  | 'syntax'
  | 'tooLong'
  | 'invalidPath'
  | 'unknownFunction'
  | 'argumentCount'
  | 'unknownAttribute'
  | 'invalidArgument'
  | 'evaluation';

/** Longest expression (and attribute path) accepted, as in Entra ID; longer input is refused before parsing. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** A 0-based offset in a text with its 1-based line and column, for editors that underline the spot. */
export interface TextPosition {
  position: number;
  line: number;
  column: number;
}

/** Converts a 0-based offset into line and column (1-based), counting `\n` as the line break. */
export function textPosition(text: string, position: number): TextPosition {
  const clamped = Math.max(0, Math.min(position, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { position: clamped, line, column: clamped - lineStart + 1 };
}

/** Describes a place in a text for a message: `position 17`, or `line 2, column 5 (position 17)` in multi-line text. */
export function describePosition(text: string, position: number): string {
  const at = textPosition(text, position);
  return text.includes('\n') ? `line ${at.line}, column ${at.column} (position ${at.position})` : `position ${at.position}`;
}

/** Shows a piece of input in a message, shortened so hostile input cannot bloat it. */
export function quoteText(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

interface ErrorFields {
  code: ExpressionErrorCode;
  position: TextPosition;
  expected?: string;
  suggestion?: string;
}

/**
 * The one error type of attribute mappings: a mapping path or an expression that does not parse, names an unknown
 * function or attribute, or cannot be evaluated. Carries where (0-based position, line, column) and what was expected.
 */
export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  /** 0-based offset into the text of the expression or path. */
  readonly position: number;
  readonly line: number;
  readonly column: number;
  /** What the parser wanted at that position, e.g. `"," or ")"`. */
  readonly expected: string | undefined;
  /** A close known name for an unknown function or attribute ("did you mean"). */
  readonly suggestion: string | undefined;

  constructor(message: string, fields: ErrorFields) {
    super(message);
    this.name = 'ExpressionError';
    this.code = fields.code;
    this.position = fields.position.position;
    this.line = fields.position.line;
    this.column = fields.position.column;
    this.expected = fields.expected;
    this.suggestion = fields.suggestion;
  }
}

/** True when a value is an ExpressionError, also across module copies. */
export function isExpressionError(err: unknown): err is ExpressionError {
  return err instanceof ExpressionError || (typeof err === 'object' && err !== null && (err as { name?: string }).name === 'ExpressionError');
}

/** The one factory for mapping errors, so codes, positions and wording stay consistent. */
export const expressionError = {
  /** The text does not parse: what was expected at the position and what was found there. */
  syntax: (text: string, position: number, expected: string, found: string, hint?: string) =>
    new ExpressionError(`expected ${expected} at ${describePosition(text, position)}, found ${found}${hint ? ` (${hint})` : ''}`, {
      code: 'syntax',
      position: textPosition(text, position),
      expected,
    }),
  /** The text is longer than MAX_EXPRESSION_LENGTH. */
  tooLong: (what: string, length: number) =>
    new ExpressionError(`the ${what} is ${length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`, {
      code: 'tooLong',
      position: { position: MAX_EXPRESSION_LENGTH, line: 1, column: MAX_EXPRESSION_LENGTH + 1 },
    }),
  /** A mapping path that is not a SCIM attribute path mappings accept. */
  invalidPath: (text: string, position: number, detail: string, expected: string) =>
    new ExpressionError(`invalid attribute path ${quoteText(text)}: ${detail}`, {
      code: 'invalidPath',
      position: textPosition(text, position),
      expected,
    }),
  /** A function name the library does not have, with the closest known name when there is one. */
  unknownFunction: (text: string, position: number, name: string, suggestion: string | undefined) =>
    new ExpressionError(
      `unknown function ${quoteText(name)} at ${describePosition(text, position)}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      { code: 'unknownFunction', position: textPosition(text, position), expected: 'a function name', ...(suggestion ? { suggestion } : {}) },
    ),
  /** A call with too few or too many arguments for its function. */
  argumentCount: (text: string, position: number, name: string, expected: string, found: number) =>
    new ExpressionError(`${name} takes ${expected}, found ${found} at ${describePosition(text, position)}`, {
      code: 'argumentCount',
      position: textPosition(text, position),
      expected,
    }),
  /** An attribute reference the source object kind does not have. */
  unknownAttribute: (text: string, position: number, name: string, kind: string, suggestion: string | undefined) =>
    new ExpressionError(
      `unknown ${kind} attribute ${quoteText(name)} at ${describePosition(text, position)}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      { code: 'unknownAttribute', position: textPosition(text, position), expected: `a ${kind} attribute`, ...(suggestion ? { suggestion } : {}) },
    ),
  /** An argument that is well-formed but not acceptable where it stands (e.g. a nested SelectUniqueValue). */
  invalidArgument: (text: string, position: number, detail: string) =>
    new ExpressionError(`${detail} at ${describePosition(text, position)}`, { code: 'invalidArgument', position: textPosition(text, position) }),
  /** Evaluation failed for this object (bad date, bad regex, all unique values taken); position is the failing call. */
  evaluation: (text: string, position: number, detail: string) =>
    new ExpressionError(`${detail} (at ${describePosition(text, position)})`, { code: 'evaluation', position: textPosition(text, position) }),
};
