// Hash routing (#/tenants/acme/scim): the static server serves real files only (no index.html fallback that
// would also answer unknown /scim or /admin paths with a page), and a fragment never reaches the server, so
// every deep link and reload works without server rules.
import { useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';

/** The console's current path, e.g. "/tenants/acme/users" (the hash without its "#"). */
export function currentPath(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/';
}

/** Goes to a console path (adds a history entry, so Back works). */
export function navigate(path: string): void {
  window.location.hash = path;
}

/** The current path, re-rendering on every change. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const on = () => setPath(currentPath());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return path;
}

/** The path part and the query of a console path ("/tenants/x/users?search=ann"). */
export function splitPath(path: string): { pathname: string; query: URLSearchParams } {
  const i = path.indexOf('?');
  return i < 0 ? { pathname: path, query: new URLSearchParams() } : { pathname: path.slice(0, i), query: new URLSearchParams(path.slice(i + 1)) };
}

/** Matches "/tenants/:tenant/users" against a pathname; the params decoded, or undefined. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const p = pattern.split('/').filter(Boolean);
  const s = pathname.split('/').filter(Boolean);
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) {
      try {
        params[p[i]!.slice(1)] = decodeURIComponent(s[i]!);
      } catch {
        return undefined;
      }
    } else if (p[i] !== s[i]) return undefined;
  }
  return params;
}

/** The href of a console path. */
export const href = (path: string) => `#${path}`;

/** A link to a console path. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  return (
    <a href={href(to)} {...rest}>
      {children}
    </a>
  );
}
