/** Scenario (4): walking every user, one page at a time. */
import { scim, type Target } from './scenarios.js';

/** Scenario (4)'s numbers for one way of paging. */
export interface PagingResult {
  mode: 'cursor' | 'startIndex';
  pageSize: number;
  pages: number;
  users: number;
  expected: number;
  seconds: number;
  usersPerSecond: number;
  /** Slowest page, in ms. */
  slowestPageMs: number;
  /** Set when the walk was stopped at the time cap before reaching the end. */
  capped: boolean;
  errors: number;
  /** True when the walk did not see every user exactly once, or a page failed. */
  flagged: boolean;
}

/** Scenario (4): walks every user with RFC 9865 cursors or with startIndex, one page at a time. */
export async function walkAllUsers(t: Target, mode: 'cursor' | 'startIndex', pageSize: number, capSeconds: number): Promise<PagingResult> {
  const seen = new Set<string>();
  let pages = 0;
  let errors = 0;
  let slowest = 0;
  let expected = -1;
  let capped = false;
  let cursor = '';
  let startIndex = 1;
  const started = performance.now();
  for (;;) {
    if ((performance.now() - started) / 1000 > capSeconds) {
      capped = true;
      break;
    }
    const path = mode === 'cursor' ? `/Users?count=${pageSize}&cursor=${encodeURIComponent(cursor)}` : `/Users?count=${pageSize}&startIndex=${startIndex}`;
    const t0 = performance.now();
    const r = await scim(t, 'GET', path);
    slowest = Math.max(slowest, performance.now() - t0);
    pages++;
    if (r.status !== 200) {
      errors++;
      break;
    }
    if (expected < 0) expected = r.json.totalResults;
    const list = (r.json.Resources ?? []) as { id: string }[];
    for (const u of list) seen.add(u.id);
    if (mode === 'cursor') {
      if (!r.json.nextCursor) break;
      cursor = r.json.nextCursor;
    } else {
      startIndex += list.length;
      if (list.length === 0 || startIndex > r.json.totalResults) break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    mode,
    pageSize,
    pages,
    users: seen.size,
    expected,
    seconds,
    usersPerSecond: seen.size / seconds,
    slowestPageMs: slowest,
    capped,
    errors,
    flagged: errors > 0 || (!capped && seen.size !== expected),
  };
}
