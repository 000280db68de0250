/** How commands print: one JSON object for scripts (`--json`), aligned tables and sentences for people. */

/** Prints exactly one JSON object, on one line, to stdout. */
export function printJson(value: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Prints lines of text to stdout. */
export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Prints rows under a header, each column as wide as its widest cell. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  printLines(line(headers), ...rows.map(line));
}

/** An ISO timestamp without milliseconds, or a word for "none". */
export function formatTime(iso: string | null, none = '-'): string {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : none;
}

/** Quotes a value for a POSIX shell when it needs it, so printed commands can be pasted as they are. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
