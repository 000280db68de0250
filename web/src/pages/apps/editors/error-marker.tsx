import type { ExpressionProblem } from './editor-api.js';

/** Describes where a problem is, the way people count: line and column, and what was expected there. */
export function describeProblem(p: ExpressionProblem, multiline: boolean): string {
  const where = multiline ? `Line ${p.line}, column ${p.column}` : `Column ${p.column}`;
  const expected = Array.isArray(p.expected) ? p.expected.join(', ') : p.expected;
  return `${where}: ${p.message}${expected && !p.message.includes(expected) ? ` (expected ${expected})` : ''}`;
}

/** The expression with the character at the error marked, so the spot is visible without counting columns. */
export function ErrorMarker({ text, position }: { text: string; position: number }) {
  const at = Math.max(0, Math.min(position, text.length));
  const ch = text.slice(at, at + 1);
  return (
    <pre className="ed-marker" aria-hidden="true">
      {text.slice(0, at)}
      <mark className="ed-marker-at">{ch && ch !== '\n' ? ch : ' '}</mark>
      {ch === '\n' ? '\n' : ''}
      {text.slice(at + 1)}
    </pre>
  );
}
