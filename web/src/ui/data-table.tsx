import type { ReactNode } from 'react';

/** A column: its heading and how to show a row in it. */
export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A table of rows with a caption for screen readers and a message when it is empty; scrolls sideways in a narrow window. */
export function DataTable<T>({ caption, columns, rows, rowKey, empty = 'Nothing here yet.', busy }: { caption: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T, index: number) => string; empty?: ReactNode; busy?: boolean }) {
  return (
    <div className="table-wrap" aria-busy={busy || undefined}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r, i) => (
              <tr key={rowKey(r, i)}>
                {columns.map((c, i) => (
                  <td key={i} className={c.className}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Previous/next paging for 1-based SCIM pages: where we are of how many. Give it the page shown (the answer's startIndex), not the one asked for, so the status never runs ahead of the rows. */
export function Pager({ startIndex, count, total, onPage }: { startIndex: number; count: number; total: number; onPage: (startIndex: number) => void }) {
  const first = total === 0 ? 0 : startIndex;
  const last = Math.min(total, startIndex + count - 1);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-status" role="status">
        {total === 0 ? 'No results' : `${first}–${last} of ${total}`}
      </span>
      <button type="button" className="btn btn-secondary btn-small" disabled={startIndex <= 1} onClick={() => onPage(Math.max(1, startIndex - count))}>
        Previous
      </button>
      <button type="button" className="btn btn-secondary btn-small" disabled={last >= total} onClick={() => onPage(startIndex + count)}>
        Next
      </button>
    </nav>
  );
}
