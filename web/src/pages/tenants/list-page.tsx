import { useEffect, useState, type ReactNode } from 'react';
import type { ListResponse } from '../../api/types.js';
import type { Loaded } from '../../api/use-api.js';
import { navigate } from '../../router.js';
import { Button, DataTable, ErrorNotice, Pager, TextField, type Column } from '../../ui/index.js';

/** How many users or groups a list page shows at a time. */
export const PAGE = 25;

/** A list page's search and position, kept in the URL so Back and reload keep them. */
export function useListQuery(path: string, query: URLSearchParams) {
  const search = query.get('search') ?? '';
  const start = Math.max(1, Number(query.get('start') ?? '1') || 1);
  const go = (s: string, st: number) => {
    const q = new URLSearchParams();
    if (s) q.set('search', s);
    if (st > 1) q.set('start', String(st));
    const qs = q.toString();
    navigate(`${path}${qs ? `?${qs}` : ''}`);
  };
  return { search, start, go };
}

/** The search box of a list page: searches on submit. */
export function SearchBox({ label, value, onSearch }: { label: string; value: string; onSearch: (s: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <form
      className="toolbar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <TextField label={label} type="search" value={text} onChange={(e) => setText(e.target.value)} fieldClassName="grow" />
      <Button type="submit">Search</Button>
      {value && (
        <Button variant="ghost" onClick={() => onSearch('')}>
          Clear
        </Button>
      )}
    </form>
  );
}

/**
 * The frame of a tenant's users page and groups page, which differ only in words, columns and their
 * "New" dialog (`children`): a heading with the New button, search, the table a page at a time, paging.
 */
export function ResourceListPage<T extends { id: string }>(props: {
  /** Plural heading, e.g. "Users"; `noun` is the singular in lower case, e.g. "user". */
  title: string;
  noun: string;
  searchLabel: string;
  caption: string;
  /** What an empty tenant's table says. */
  emptyText: string;
  query: ReturnType<typeof useListQuery>;
  list: Loaded<ListResponse<T>>;
  columns: Column<T>[];
  onNew: () => void;
  children: ReactNode;
}) {
  const { search, go } = props.query;
  const { list } = props;
  return (
    <>
      <div className="page-header-row section-head">
        <h2>{props.title}</h2>
        <Button variant="primary" onClick={props.onNew}>
          New {props.noun}
        </Button>
      </div>
      <SearchBox label={props.searchLabel} value={search} onSearch={(s) => go(s, 1)} />
      <ErrorNotice error={list.error} title={`The ${props.title.toLowerCase()} could not be loaded`} />
      <DataTable
        caption={props.caption}
        busy={list.loading}
        rows={list.data?.Resources ?? []}
        rowKey={(r) => r.id}
        empty={list.loading ? 'Loading…' : search ? `No ${props.noun} matches “${search}”.` : props.emptyText}
        columns={props.columns}
      />
      {list.data && <Pager startIndex={list.data.startIndex} count={PAGE} total={list.data.totalResults} onPage={(s) => go(search, s)} />}
      {props.children}
    </>
  );
}
