import type { LogRecord } from './log-types.js';

const COLUMNS = ['at', 'cycleId', 'kind', 'action', 'status', 'sourceId', 'sourceName', 'targetId', 'modified', 'errorCode', 'errorDetail', 'steps'] as const;

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Spreadsheet programs run cells that start with these as formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The records as CSV (RFC 4180, one header row, JSON in the structured columns, formula-looking cells defused). */
export function logsToCsv(records: LogRecord[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of records) {
    const modified = r.modified.map((m) => `${m.name}: ${JSON.stringify(m.old)} -> ${JSON.stringify(m.new)}`).join('; ');
    lines.push(COLUMNS.map((c) => cell(c === 'modified' ? modified : r[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The records as a JSON array, one object each, without the internal row id. */
export function logsToJson(records: LogRecord[]): string {
  return `${JSON.stringify(records.map(({ id: _id, ...r }) => r), null, 2)}\n`;
}
