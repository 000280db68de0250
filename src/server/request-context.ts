import type { ResourceKind } from '../scim/schema/types.js';

/** What a request carries once authenticated, for handlers, the rate limiter and the audit hook. */
export interface ScimAuth {
  tenantId: string;
  tokenId: string;
}

/** What a write request did, filled by handlers and the error handler for the audit trail. */
export interface ScimOutcome {
  resourceType?: ResourceKind | null;
  resourceId?: string | null;
  scimType?: string | null;
  detail?: string | null;
  /** Set once the request's audit records are written (with the change, or by /Bulk per operation). */
  audited?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    scimAuth?: ScimAuth;
    scimOutcome?: ScimOutcome;
    /** What the rate limit counts this request against: `token:<id>`, or `ip:<address>` without a valid token. */
    scimRateKey?: string;
  }
}
