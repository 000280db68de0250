import { randomUUID } from 'node:crypto';
import { isScimClientError } from './client-error.js';
import type { ScimResponse } from './http-request.js';
import { readListResponse } from './list-response.js';
import { bodyExcerpt, isJsonType, scimErrorOf } from './response-body.js';
import type { OperationContext } from './resource-operations.js';
import { eqFilter } from './scim-filter.js';
import { resourcePath } from './tenant-url.js';

/** The answer to Test Connection: ok, or the status, a plain-words reason and what the target said. */
export type TestConnectionResult =
  | { ok: true; status: 200; durationMs: number }
  | { ok: false; status: number | undefined; reason: string; bodyExcerpt: string | undefined; code?: string };

function failed(res: ScimResponse, token: string, reason: string): TestConnectionResult {
  return { ok: false, status: res.status, reason, bodyExcerpt: bodyExcerpt(res.text, token) };
}

function explainStatus(res: ScimResponse, token: string, what: string): TestConnectionResult {
  const said = scimErrorOf(res.body);
  const detail = said.detail ? ` The target said: ${said.detail}` : '';
  const s = res.status;
  if (s === 401) return failed(res, token, `The target refused the Secret Token (401 Unauthorized): check the token.${detail}`);
  if (s === 403) return failed(res, token, `The target accepted the Secret Token but does not allow it to read ${what} (403 Forbidden).${detail}`);
  if (s === 404) {
    return failed(res, token, `Nothing at ${res.url.split('?')[0]} (404 Not Found): the Tenant URL must be the SCIM base URL, the one /Users and /Groups are under.${detail}`);
  }
  if (s >= 300 && s < 400) {
    const to = res.headers.location ? ` to ${res.headers.location}` : '';
    return failed(res, token, `The target redirects (${s})${to}: use the address it redirects to as the Tenant URL.`);
  }
  if (s === 400) return failed(res, token, `The target rejected the lookup filter (400${said.scimType ? ` ${said.scimType}` : ''}): it must support "eq" on the matching attribute.${detail}`);
  if (s === 405 || s === 501) return failed(res, token, `The target does not support GET on ${what} with a filter (${s}).${detail}`);
  if (s >= 500) return failed(res, token, `The target failed (${s}).${detail}`);
  return failed(res, token, `The target answered ${s}, where a SCIM server answers 200 with an empty list.${detail}`);
}

/**
 * What Entra's Test Connection does: look up a random GUID on the matching attribute, once, and expect 200
 * with an empty ListResponse. Anything else is explained in plain words (bad token, not a SCIM server,
 * unreachable, too slow), never thrown, so the CLI and the admin API can show it as it is.
 */
export async function testConnection(ctx: OperationContext, resourceType = 'Users', matchingAttribute = 'userName'): Promise<TestConnectionResult> {
  let res: ScimResponse;
  try {
    res = await ctx.request('GET', resourcePath(resourceType), { query: { filter: eqFilter(matchingAttribute, randomUUID()) }, retry: false });
  } catch (err) {
    if (!isScimClientError(err)) throw err;
    const base = { ok: false as const, status: err.status, bodyExcerpt: err.bodyExcerpt, ...(err.code ? { code: err.code } : {}) };
    if (err.kind === 'timeout') return { ...base, reason: `The target did not answer in time: ${err.detail}.` };
    if (err.kind === 'throttled') return { ...base, reason: `The target is rate limiting (${err.status}); try again later.` };
    return { ...base, reason: `The target cannot be reached: ${err.detail}.` };
  }
  if (res.status !== 200) return explainStatus(res, ctx.token, resourceType);
  const type = res.headers['content-type'];
  if (typeof res.body === 'string' || (type !== undefined && !isJsonType(type))) {
    const html = /html/i.test(type ?? '') || /^\s*</.test(res.text);
    return failed(res, ctx.token, html
      ? `The Tenant URL answers with a web page (${type ?? 'HTML'}), not SCIM: it must be the SCIM base URL.`
      : `The answer is not SCIM JSON (content-type ${type ?? 'none'}).`);
  }
  const list = readListResponse(res.body);
  if ('problem' in list) return failed(res, ctx.token, `The answer is not SCIM: ${list.problem}.`);
  const found = Math.max(list.resources.length, list.totalResults ?? 0);
  if (found > 0) {
    return failed(res, ctx.token, `The target returned ${found} ${resourceType} for ${matchingAttribute} eq a random GUID: it does not filter on ${matchingAttribute}, so matching would pick wrong ${resourceType}.`);
  }
  return { ok: true, status: 200, durationMs: res.durationMs };
}
