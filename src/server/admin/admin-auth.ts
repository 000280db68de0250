import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminAccountStore } from '../../admin/admin-account-store.js';
import type { AdminKeyStore } from '../../admin/admin-key-store.js';
import { csrfMatches, type AdminSession, type AdminSessionStore } from '../../admin/admin-session-store.js';
import { AdminHttpError } from './admin-errors.js';

/** The console's session cookie. */
export const SESSION_COOKIE = 'scimkit_session';
/** The header a session-authenticated request that changes anything must carry its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** Who made an admin API request: a script with an admin key, or a person signed in to the console. */
export type AdminCaller = { kind: 'key'; keyId: string; name: string } | { kind: 'session'; accountId: string; session: AdminSession; secret: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin API's authentication hook. */
    adminCaller?: AdminCaller;
  }
}

/** The stores authentication reads, and whether cookies must be Secure (served over https). */
export interface AdminAuthDeps {
  keys: AdminKeyStore;
  accounts: AdminAccountStore;
  sessions: AdminSessionStore;
  secureCookies: boolean;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

// A browser names the page that sent a request in Origin; one from another site is refused even before the CSRF token is looked at.
function crossSite(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/**
 * Authenticates an admin API request: an admin key in the Authorization header (scripts), or the console's
 * session cookie, in which case anything but a read must carry the session's CSRF token and come from this site.
 */
export async function authenticateAdmin(d: AdminAuthDeps, req: FastifyRequest): Promise<AdminCaller> {
  const header = req.headers.authorization;
  if (header) {
    const m = BEARER.exec(String(header));
    const key = m ? await d.keys.verify(m[1]!) : undefined;
    if (!key) throw new AdminHttpError(401, 'unauthorized', 'Send an admin key: "Authorization: Bearer scimkit_admin_…" (create one with `scimkit admin-key create`).');
    return { kind: 'key', keyId: key.id, name: key.name };
  }
  const secret = req.cookies?.[SESSION_COOKIE];
  if (!secret) throw new AdminHttpError(401, 'unauthorized', 'Sign in to the console, or send an admin key: "Authorization: Bearer scimkit_admin_…".');
  const session = await d.sessions.verify(secret);
  if (!session) throw new AdminHttpError(401, 'sessionExpired', 'Your session has ended (signed out, or idle too long): sign in again.');
  if (!SAFE.has(req.method)) {
    if (crossSite(req)) throw new AdminHttpError(403, 'csrf', 'This request came from another site and was refused.');
    if (!csrfMatches(session, req.headers[CSRF_HEADER] as string | undefined)) throw new AdminHttpError(403, 'csrf', `The request lacks this session's CSRF token (header ${CSRF_HEADER}): reload the console and try again.`);
  }
  return { kind: 'session', accountId: session.accountId, session, secret };
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, scoped to the admin API, Secure when served over https. */
export function setSessionCookie(reply: FastifyReply, secret: string, secure: boolean, path: string): void {
  reply.setCookie(SESSION_COOKIE, secret, { path, httpOnly: true, sameSite: 'strict', secure });
}

/** Clears the session cookie (sign-out, or a cookie that no longer opens a session). */
export function clearSessionCookie(reply: FastifyReply, secure: boolean, path: string): void {
  reply.clearCookie(SESSION_COOKIE, { path, httpOnly: true, sameSite: 'strict', secure });
}
