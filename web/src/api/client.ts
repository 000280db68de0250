// The console's only way to the server: JSON over /admin/v1 with the session cookie (sent by the browser),
// the session's CSRF token on every write, and one error type that says what went wrong and what to do next.

/** Where the admin API lives, relative to the page. */
export const API_BASE = '/admin/v1';

/** An admin API error as the console shows it: the server's code and message, and the next step when the message lacks one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly nextStep?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;
let sessionEnded: ((message: string) => void) | undefined;

/** Remembers the CSRF token of the session (from sign-in, set-up or GET /session); every write sends it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Registers what happens when the server says the session is over (the session provider sends the user to sign-in). */
export function onSessionEnded(handler: (message: string) => void): void {
  sessionEnded = handler;
}

// Advice for the errors whose server message does not already say what to do.
function nextStepFor(status: number, code: string): string | undefined {
  if (code === 'network') return 'Check that scimkit is running and that this computer can reach it, then try again.';
  if (code === 'uniqueness' || code === 'nameTaken') return 'Choose another name, or search for the existing one and change that instead.';
  if (code === 'csrf') return 'Reload the page (your session is kept) and try again.';
  if (status === 500 || code === 'internal') return 'Try again; if it keeps failing, the server log has the cause.';
  if (status === 502 || status === 504) return 'The server did not answer in time: try again in a moment.';
  if (status === 503) return 'The server is busy or a part of it is off: read the message above, then try again.';
  return undefined;
}

/** Options of one call: a JSON body, a query string, and whether a 401 should end the session (sign-in itself must not). */
export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  endSessionOn401?: boolean;
}

function url(path: string, query: CallOptions['query']): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `${API_BASE}${path}${s ? `?${s}` : ''}`;
}

/** Calls the admin API and returns its JSON (undefined for 204); throws ApiError with a next step. */
export async function call<T = unknown>(method: string, path: string, o: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url(path, o.query), { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), credentials: 'same-origin', signal: o.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server could not be reached.', nextStepFor(0, 'network'));
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok) return json as T;
  const e = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const code = e?.code ?? `http${res.status}`;
  const message = e?.message ?? `The server answered ${res.status} ${res.statusText}.`;
  if (res.status === 401 && (code === 'sessionExpired' || code === 'unauthorized') && o.endSessionOn401 !== false) {
    setCsrfToken(undefined);
    sessionEnded?.(message);
  }
  throw new ApiError(res.status, code, message, nextStepFor(res.status, code), e?.details);
}

/** The usual calls by method. */
export const api = {
  get: <T = unknown>(path: string, query?: CallOptions['query'], signal?: AbortSignal) => call<T>('GET', path, { query, signal }),
  post: <T = unknown>(path: string, body?: unknown) => call<T>('POST', path, { body: body ?? {} }),
  put: <T = unknown>(path: string, body: unknown) => call<T>('PUT', path, { body }),
  patch: <T = unknown>(path: string, body: unknown) => call<T>('PATCH', path, { body }),
  delete: <T = unknown>(path: string) => call<T>('DELETE', path),
};

/** A path segment, encoded: tenant names and ids go into URLs. */
export const seg = (s: string) => encodeURIComponent(s);
