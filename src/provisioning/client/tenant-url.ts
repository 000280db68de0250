/** A Tenant URL taken apart once: where to connect, the SCIM base path, and the query every request keeps. */
export interface TenantUrl {
  /** scheme://host:port, what the connection pool is keyed by. */
  origin: string;
  /** The SCIM base path without a trailing slash, e.g. `/scim/v2`; empty at the root. */
  basePath: string;
  /** The raw query of the Tenant URL without `?` (e.g. `aadOptscim062020`), sent on every request as written. */
  query: string;
  /** The URL as shown in logs and errors: no user info, no fragment. */
  display: string;
}

/** Query parameters of one request; undefined values are left out, arrays are comma-joined (attributes lists). */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * Parses an app's Tenant URL, refusing what no SCIM target can be (not http(s), user info in the URL), so a
 * bad URL is a clear message at configuration time instead of a confusing network error later.
 */
export function parseTenantUrl(raw: string): TenantUrl {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TypeError(`Tenant URL ${JSON.stringify(raw)} is not a URL; expected e.g. https://app.example.com/scim/v2`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Tenant URL must use http or https, not ${url.protocol.replace(/:$/, '')}: ${JSON.stringify(raw)}`);
  }
  if (url.username || url.password) {
    throw new TypeError('Tenant URL must not carry a user name or password; the Secret Token is the credential');
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  const query = url.search.replace(/^\?/, '');
  return { origin: url.origin, basePath, query, display: `${url.origin}${basePath}${query ? `?${query}` : ''}` };
}

/** Encodes query parameters (RFC 3986 percent-encoding: a space is %20, a quote %22), in the given order. */
export function encodeQuery(params: QueryParams | undefined): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.join('&');
}

/**
 * The path and query of one request: the base path, the resource path, then the Tenant URL's own query
 * (Entra's `?aadOptscim062020` style flags must reach every request) followed by the request's parameters.
 */
export function requestTarget(tenant: TenantUrl, path: string, params?: QueryParams): string {
  const rel = path === '' || path.startsWith('/') ? path : `/${path}`;
  const query = [tenant.query, encodeQuery(params)].filter((q) => q !== '').join('&');
  return `${`${tenant.basePath}${rel}` || '/'}${query ? `?${query}` : ''}`;
}

/** The path of one resource, its id percent-encoded so an id with `/` or `?` cannot escape its segment. */
export function resourcePath(resourceType: string, id?: string): string {
  return id === undefined ? `/${resourceType}` : `/${resourceType}/${encodeURIComponent(id)}`;
}
