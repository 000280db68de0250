import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scimError } from '../scim/errors.js';
import type { Store } from '../data/store.js';
import type { TokenCheck } from '../tenants/token-store.js';
import { recordRefusal } from './request-audit.js';

// The scheme is case-insensitive and any run of whitespace may follow it (RFC 9110 §11.1, RFC 6750 §2.1).
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The length of a rate-limit window: a client may spend its budget in bursts within it. */
export const RATE_WINDOW_MS = 10_000;

/** Checks the bearer token of a request against the tenant of its URL. */
export async function checkBearer(store: Store, req: FastifyRequest, tenantId: string): Promise<TokenCheck> {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!m) return { ok: false, reason: 'malformed' };
  // The token row names its tenant, so one lookup checks both the token and the tenant of the URL.
  return store.tokens.verify(tenantId, m[1]!);
}

// Remembers which keys were already refused in their current window, so a flood past the limit leaves one
// 429 record per client and window in the audit trail rather than one per request.
class RefusalMemory {
  private readonly until = new Map<string, number>();

  firstInWindow(key: string, ttlMs: number, now = Date.now()): boolean {
    const end = this.until.get(key);
    if (end !== undefined && end > now) return false;
    if (this.until.size > 10_000) this.until.clear();
    this.until.set(key, now + ttlMs);
    return true;
  }
}

/**
 * The gate of every SCIM request, run before the body is read: authenticate, then rate-limit by the
 * authenticated token (by the client address when there is no valid token), then refuse what failed.
 * Keying on the token, not on the Authorization text, makes `bearer x`, `BEARER  x` and a tab one budget;
 * limiting bad tokens by address makes a flood of guesses meet 429, not an endless stream of 401s. Every
 * refusal is audited (429s once per client and window). Every 401 is the same, so a caller learns nothing
 * about which tenants or tokens exist.
 */
export function scimGate(scope: FastifyInstance, store: Store, rateLimitPerSecond: number) {
  const limiter =
    rateLimitPerSecond > 0
      ? scope.createRateLimit({
          max: rateLimitPerSecond * (RATE_WINDOW_MS / 1000),
          timeWindow: RATE_WINDOW_MS,
          keyGenerator: (req: FastifyRequest) => req.scimRateKey ?? `ip:${req.ip}`,
        })
      : undefined;
  const refused = new RefusalMemory();

  return async function gate(req: FastifyRequest): Promise<void> {
    const { tenant } = req.params as { tenant: string };
    const check = await checkBearer(store, req, tenant);
    const tokenId = check.ok ? check.token.id : (check.tokenId ?? null);
    if (limiter) {
      req.scimRateKey = check.ok ? `token:${check.token.id}` : `ip:${req.ip}`;
      const verdict = await limiter(req);
      if (!verdict.isAllowed && verdict.isExceeded) {
        const retryAfter = Math.max(1, verdict.ttlInSeconds);
        if (refused.firstInWindow(req.scimRateKey, verdict.ttl)) {
          await recordRefusal(store, req, tenant, { status: 429, tokenId, detail: `Rate limit of ${rateLimitPerSecond}/s exceeded (${check.ok ? 'per token' : 'per client address, no valid token'}).` });
        }
        throw scimError.tooManyRequests(retryAfter);
      }
    }
    if (!check.ok) {
      req.log.info({ tenantId: tenant, reason: check.reason }, 'token refused');
      await recordRefusal(store, req, tenant, { status: 401, tokenId, detail: `Token refused: ${check.reason}.` });
      throw scimError.unauthorized();
    }
    req.scimAuth = { tenantId: tenant, tokenId: check.token.id };
  };
}
