// The shapes of the page registry (routes.tsx), apart from it, so the pages it lists can name them without importing it.
import type { ReactNode } from 'react';

/** A page of the console. */
export interface PageRoute {
  /** E.g. "/tenants/:tenant/users". */
  path: string;
  /** The document title (the page shows its own heading). */
  title: string | ((params: Record<string, string>) => string);
  render: (params: Record<string, string>, query: URLSearchParams) => ReactNode;
}

/** A sidebar entry. */
export interface NavEntry {
  label: string;
  to: string;
  /** Position in the sidebar, lowest first. */
  order: number;
  /** Path prefixes under which the entry is shown as current (default: `to`). */
  active?: string[];
}
