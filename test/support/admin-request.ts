// Calls a running admin API with an admin key; nothing of the server is imported, so DOM test environments can use it.

/** Where a running admin API is and how to call it: what a test of console components needs to reach it. */
export interface AdminApiAddress {
  /** The admin API's root, e.g. http://127.0.0.1:41234/admin/v1 */
  base: string;
  /** An admin key (Bearer). */
  key: string;
  /** The source directory tenant, and a target tenant (the app side) with its SCIM URL and token. */
  source: string;
  targetUrl: string;
  targetToken: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The component tests' admin API, started by components-global-setup.ts. */
    adminApi: AdminApiAddress;
  }
}

/** A request function for the admin API signed with the admin key: the parsed JSON, or an Error carrying the API's message. */
export function adminRequest(a: AdminApiAddress, doFetch: typeof fetch = fetch) {
  return async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await doFetch(`${a.base}${path}`, { method, headers: { authorization: `Bearer ${a.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json().catch(() => undefined)) as any;
    if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
    return json as T;
  };
}
