import { scimClientError, type ScimClientError } from './client-error.js';
import type { ScimResponse } from './http-request.js';
import { bodyExcerpt, isJsonType, scimErrorOf } from './response-body.js';

/** The `http` error for an answer the call cannot use, with the target's SCIM detail and scimType when it sent them. */
export function httpError(res: ScimResponse, token: string): ScimClientError {
  const { detail, scimType } = scimErrorOf(res.body);
  return scimClientError.http({
    method: res.method,
    url: res.url,
    attempts: res.attempts,
    status: res.status,
    scimType,
    detail: detail ?? `the target answered ${res.status}`,
    bodyExcerpt: bodyExcerpt(res.text, token),
  });
}

/** The `notScim` error for a 2xx answer that is not what SCIM promises, saying what was wrong with it. */
export function notScimError(res: ScimResponse, token: string, problem: string): ScimClientError {
  const type = res.headers['content-type'];
  const what = type !== undefined && !isJsonType(type) ? ` (content-type ${type})` : '';
  return scimClientError.notScim({
    method: res.method,
    url: res.url,
    attempts: res.attempts,
    status: res.status,
    detail: `${problem}${what}`,
    bodyExcerpt: bodyExcerpt(res.text, token),
  });
}

/** Throws the `http` error unless the answer's status is one the call expects. */
export function expectStatus(res: ScimResponse, token: string, ...ok: number[]): void {
  if (!ok.includes(res.status)) throw httpError(res, token);
}
