import type { PatchOperation } from './patch-operations.js';

/**
 * Why a request to a target app finally failed, in the terms the engine acts on:
 * - `network`: no HTTP answer (refused, reset, DNS, TLS), after the retries allowed;
 * - `timeout`: no complete answer within `timeoutMs`, after the retries allowed;
 * - `http`: the target answered with an error status (4xx, or 5xx after the retries allowed);
 * - `throttled`: the target kept answering 429/503 for longer than `maxThrottleWaitMs` (defer, not a failure);
 * - `unknownOutcome`: a POST was sent but its answer was lost, so the object may exist (match before creating again);
 * - `notScim`: the target answered 2xx with something that is not the SCIM the call expects.
 */
export type ScimClientErrorKind = 'network' | 'timeout' | 'http' | 'throttled' | 'unknownOutcome' | 'notScim';

/** What is known of the failed call: the request and, if one came, the answer. */
export interface ScimClientErrorFacts {
  method: string;
  /** The request URL (never carries the token; user info is stripped). */
  url: string;
  /** How many times the request was sent (throttled re-sends included). */
  attempts: number;
  status?: number;
  scimType?: string;
  detail: string;
  /** Up to 300 characters of the answer's body, the token masked if the target echoed it. */
  bodyExcerpt?: string;
  /** The system error code of a network failure (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, …). */
  code?: string;
  /** For `throttled`: how long the target last asked to wait, when it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** The one error type of the outbound SCIM client, so the engine handles and logs every failure the same way. */
export class ScimClientError extends Error {
  readonly kind: ScimClientErrorKind;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly status: number | undefined;
  readonly scimType: string | undefined;
  readonly detail: string;
  readonly bodyExcerpt: string | undefined;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** For a PATCH split into several requests: the operations the target accepted before this failure. */
  applied: PatchOperation[] | undefined;

  constructor(kind: ScimClientErrorKind, facts: ScimClientErrorFacts) {
    const status = facts.status === undefined ? '' : ` ${facts.status}`;
    const scimType = facts.scimType === undefined ? '' : ` ${facts.scimType}`;
    super(`${facts.method} ${facts.url}: ${kind}${status}${scimType}: ${facts.detail}`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.name = 'ScimClientError';
    this.kind = kind;
    this.method = facts.method;
    this.url = facts.url;
    this.attempts = facts.attempts;
    this.status = facts.status;
    this.scimType = facts.scimType;
    this.detail = facts.detail;
    this.bodyExcerpt = facts.bodyExcerpt;
    this.code = facts.code;
    this.retryAfterMs = facts.retryAfterMs;
    this.applied = undefined;
  }
}

/** The one factory of client errors: each kind is made in one place, so its fields are always filled the same way. */
export const scimClientError = {
  /** No HTTP answer: refused, reset, DNS or TLS failure. */
  network: (facts: ScimClientErrorFacts) => new ScimClientError('network', facts),
  /** No complete answer in time. */
  timeout: (facts: ScimClientErrorFacts) => new ScimClientError('timeout', facts),
  /** An error status from the target; `detail` and `scimType` come from its SCIM error body when it sent one. */
  http: (facts: ScimClientErrorFacts) => new ScimClientError('http', facts),
  /** Throttled for longer than the client may wait: the engine defers the object to the next cycle. */
  throttled: (facts: ScimClientErrorFacts) => new ScimClientError('throttled', facts),
  /** A POST whose answer was lost: it may or may not have been carried out. */
  unknownOutcome: (facts: ScimClientErrorFacts) => new ScimClientError('unknownOutcome', facts),
  /** A 2xx answer that is not the SCIM the call expects (HTML, no id, not a ListResponse, …). */
  notScim: (facts: ScimClientErrorFacts) => new ScimClientError('notScim', facts),
};

/** True for a client error of one of the given kinds: the engine's one test before deciding what to do. */
export function isScimClientError(err: unknown, ...kinds: ScimClientErrorKind[]): err is ScimClientError {
  return err instanceof ScimClientError && (kinds.length === 0 || kinds.includes(err.kind));
}
