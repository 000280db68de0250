import type { FastifyRequest } from 'fastify';
import { scimError } from '../scim/errors.js';
import type { Store } from '../store/store.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Authenticates a SCIM request: the bearer token must be valid, unexpired, unrevoked, and belong to
 * the tenant named in the URL. Every failure is the same 401, so a caller learns nothing about
 * which tenants or tokens exist.
 */
export async function authenticate(store: Store, req: FastifyRequest, tenantId: string): Promise<void> {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!m) throw scimError.unauthorized('Authorization failure: send "Authorization: Bearer <token>".');
  // The token row names its tenant, so one lookup checks both the token and the tenant of the URL.
  const check = await store.tokens.verify(tenantId, m[1]!);
  if (!check.ok) {
    req.log.info({ tenantId, reason: check.reason }, 'token refused');
    throw scimError.unauthorized();
  }
  req.scimAuth = { tenantId, tokenId: check.token.id };
}
