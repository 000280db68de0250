import { defaultRetryPolicy, type RetryPolicy } from './backoff.js';
import { notScimError, expectStatus } from './answer-checks.js';
import { systemClock, type Clock } from './clock.js';
import { createRequester, type ScimClientStats, type ScimRequestOptions, type ScimResponse } from './http-request.js';
import { listAll, pagingSupport, type ListAllOptions } from './list-all.js';
import type { ScimResource } from './list-response.js';
import { PATCH_PROFILES, type PatchOperation, type PatchProfile } from './patch-operations.js';
import {
  createResource,
  deleteResource,
  findByAttribute,
  findByFilter,
  getResource,
  patchResource,
  replaceResource,
  type AttributeSelection,
  type OperationContext,
} from './resource-operations.js';
import type { FilterValue } from './scim-filter.js';
import { parseTenantUrl } from './tenant-url.js';
import { testConnection, type TestConnectionResult } from './test-connection.js';

/** How to reach one target app and how hard to push it. */
export interface ScimClientOptions {
  /** The app's Tenant URL; a query string (Entra's `?aadOptscim062020`) is kept on every request. */
  baseUrl: string;
  /** The Secret Token, sent as `Authorization: Bearer`; never logged, masked in error excerpts. */
  token: string;
  /** Requests in flight at most (default 8); one keep-alive pool of this many connections. */
  concurrency?: number;
  /** One send's whole time budget, connect to last byte (default 30 s). */
  timeoutMs?: number;
  /** Retries for network errors, timeouts and 5xx on idempotent methods (default 4 sends, 0.5 s doubling, 30 s cap). */
  retry?: Partial<RetryPolicy>;
  /** How long a continuous 429/503 streak may last before requests give up as `throttled` (default 5 min). */
  maxThrottleWaitMs?: number;
  /** Time for backoff and Retry-After (tests inject one that never waits). */
  clock?: Clock;
  /** Jitter source (default Math.random), injectable for deterministic tests. */
  random?: () => number;
  userAgent?: string;
  /** How PATCH is written for this target (default `rfc`). */
  profile?: PatchProfile;
  /** Most member ids per group PATCH (default 100). */
  maxMembersPerPatch?: number;
  /** Largest answer accepted (default 64 MiB). */
  maxResponseBytes?: number;
}

/** The outbound SCIM client of one app: everything the engine sends to a target goes through one of these. */
export interface ScimClient {
  /** Low level: one request with pacing, retries and timeouts; returns any status, throws only client errors. */
  request(method: string, path: string, opts?: ScimRequestOptions): Promise<ScimResponse>;
  /** Resources whose attribute equals the value (the matching lookup), filter escaped and URL-encoded. */
  findByAttribute(resourceType: string, attributePath: string, value: FilterValue, sel?: AttributeSelection): Promise<ScimResource[]>;
  /** Resources a caller-built filter finds (value paths, `and`): the engine's matching on `emails[type eq "work"].value`. */
  findByFilter(resourceType: string, filter: string, sel?: AttributeSelection): Promise<ScimResource[]>;
  /** One resource by target id, or null if the target has none (404). */
  get(resourceType: string, id: string, sel?: AttributeSelection): Promise<ScimResource | null>;
  /** POST; the created resource. Never re-sent after a lost answer: that is an `unknownOutcome` error. */
  create(resourceType: string, resource: Record<string, unknown>): Promise<ScimResource>;
  /** PATCH rendered for the profile, member changes chunked; the last resource returned, if any. */
  patch(resourceType: string, id: string, operations: readonly PatchOperation[]): Promise<ScimResource | undefined>;
  /** PUT; the replaced resource. */
  replace(resourceType: string, id: string, resource: Record<string, unknown>): Promise<ScimResource>;
  /** DELETE; true if deleted, false if it was already gone (404 is success). */
  delete(resourceType: string, id: string): Promise<boolean>;
  /** Every resource of a type, paged (cursor when advertised, else index). */
  listAll(resourceType: string, opts?: ListAllOptions): AsyncGenerator<ScimResource>;
  /** The target's ServiceProviderConfig (read once, then cached). */
  serviceProviderConfig(): Promise<Record<string, unknown>>;
  /** Entra's Test Connection: a random GUID looked up on the matching attribute must give 200 and an empty list. */
  testConnection(resourceType?: string, matchingAttribute?: string): Promise<TestConnectionResult>;
  readonly stats: ScimClientStats;
  readonly profile: PatchProfile;
  /** Closes the connection pool once in-flight requests are done. */
  close(): Promise<void>;
}

function positive(name: string, value: number, integer: boolean): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
  return value;
}

/** Creates the client of one app (one connection pool); the engine keeps it for the app's life and closes it. */
export function createScimClient(opts: ScimClientOptions): ScimClient {
  const tenant = parseTenantUrl(opts.baseUrl);
  if (typeof opts.token !== 'string' || opts.token === '' || /[\r\n]/.test(opts.token)) throw new TypeError('the Secret Token must be a non-empty single-line string');
  const profile = opts.profile ?? 'rfc';
  if (!PATCH_PROFILES.includes(profile)) throw new TypeError(`unknown PATCH profile ${JSON.stringify(profile)}; expected one of ${PATCH_PROFILES.join(', ')}`);
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...opts.retry };
  positive('retry.attempts', retry.attempts, true);
  positive('retry.baseDelayMs', retry.baseDelayMs, false);
  positive('retry.maxDelayMs', retry.maxDelayMs, false);
  const requester = createRequester({
    tenant,
    token: opts.token,
    concurrency: positive('concurrency', opts.concurrency ?? 8, true),
    timeoutMs: positive('timeoutMs', opts.timeoutMs ?? 30_000, false),
    retry,
    maxThrottleWaitMs: positive('maxThrottleWaitMs', opts.maxThrottleWaitMs ?? 300_000, false),
    maxResponseBytes: positive('maxResponseBytes', opts.maxResponseBytes ?? 64 * 1024 * 1024, true),
    clock: opts.clock ?? systemClock,
    random: opts.random ?? Math.random,
    userAgent: opts.userAgent ?? 'scimkit',
  });
  const ctx: OperationContext = {
    request: requester.request,
    token: opts.token,
    render: { profile, maxMembersPerPatch: positive('maxMembersPerPatch', opts.maxMembersPerPatch ?? 100, true) },
  };
  let spc: Promise<Record<string, unknown>> | undefined;

  async function readServiceProviderConfig(): Promise<Record<string, unknown>> {
    const res = await requester.request('GET', '/ServiceProviderConfig');
    expectStatus(res, opts.token, 200);
    if (typeof res.body !== 'object' || res.body === null || Array.isArray(res.body)) {
      throw notScimError(res, opts.token, 'the ServiceProviderConfig is not a JSON object');
    }
    return res.body as Record<string, unknown>;
  }

  function serviceProviderConfig(): Promise<Record<string, unknown>> {
    spc ??= readServiceProviderConfig().catch((err: unknown) => {
      spc = undefined;
      throw err;
    });
    return spc;
  }

  return {
    request: requester.request,
    findByAttribute: (type, attr, value, sel) => findByAttribute(ctx, type, attr, value, sel),
    findByFilter: (type, filter, sel) => findByFilter(ctx, type, filter, sel),
    get: (type, id, sel) => getResource(ctx, type, id, sel),
    create: (type, resource) => createResource(ctx, type, resource),
    patch: (type, id, operations) => patchResource(ctx, type, id, operations),
    replace: (type, id, resource) => replaceResource(ctx, type, id, resource),
    delete: (type, id) => deleteResource(ctx, type, id),
    async *listAll(type, listOpts) {
      // A target without a readable ServiceProviderConfig still pages by index (RFC 7644 §3.4.2.4).
      const config = await serviceProviderConfig().catch(() => undefined);
      yield* listAll(ctx, pagingSupport(config), type, listOpts);
    },
    serviceProviderConfig,
    testConnection: (type, attr) => testConnection(ctx, type, attr),
    stats: requester.stats,
    profile,
    close: requester.close,
  };
}

// The client's vocabulary in one import for the engine.
export { isScimClientError, ScimClientError, type ScimClientErrorKind } from './client-error.js';
export type { Clock } from './clock.js';
export type { ScimClientStats, ScimRequestOptions, ScimResponse } from './http-request.js';
export type { ListAllOptions } from './list-all.js';
export type { ScimResource } from './list-response.js';
export { MANAGER_PATH, PATCH_PROFILES, type PatchOperation, type PatchProfile } from './patch-operations.js';
export type { AttributeSelection } from './resource-operations.js';
export type { FilterValue } from './scim-filter.js';
export { parseTenantUrl } from './tenant-url.js';
export type { TestConnectionResult } from './test-connection.js';
