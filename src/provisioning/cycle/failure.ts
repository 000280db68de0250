import { isScimClientError, type ScimClientError } from '../client/client-error.js';

/** What the engine does after a failed request: retry the object later, defer it to the next cycle, or stop the cycle. */
export type FailureHandling = 'escrow' | 'defer' | 'abort';

/** A failure in the provisioning log's terms: a code, a detail a person can act on, and what to do next. */
export interface Failure {
  code: string;
  detail: string;
  handling: FailureHandling;
  /** A credentials or connectivity failure: the whole app is affected (quarantine at once). */
  appWide: boolean;
  status?: number;
}

/** Thrown inside a cycle to stop it: the target is unreachable or refuses our credentials, or the lease was lost. */
export class CycleAbort extends Error {
  constructor(readonly reason: string, readonly failure?: Failure) {
    super(reason);
    this.name = 'CycleAbort';
  }
}

function httpCode(e: ScimClientError): string {
  if (e.status === 409) return 'EntryConflict';
  if (e.status === 404) return 'InvalidAnchor';
  if (e.status === 400) return e.scimType ? `InvalidRequest.${e.scimType}` : 'InvalidRequest';
  if (e.status === 413) return 'RequestTooLarge';
  if (e.status !== undefined && e.status >= 500) return 'TargetServerError';
  return `HttpError${e.status ?? ''}`;
}

/** Classifies an error thrown while provisioning one object (Entra's error codes where they exist). */
export function classifyFailure(err: unknown): Failure {
  if (isScimClientError(err)) {
    const said = err.bodyExcerpt && err.kind !== 'network' && err.kind !== 'timeout' ? ` (the target said: ${err.bodyExcerpt})` : '';
    switch (err.kind) {
      case 'throttled':
        return { code: 'TooManyRequests', detail: `the target kept asking to slow down: ${err.detail}`, handling: 'defer', appWide: false, status: err.status };
      case 'network':
        return { code: 'TargetUnreachable', detail: `the target could not be reached: ${err.detail}`, handling: 'abort', appWide: true };
      case 'timeout':
        return { code: 'Timeout', detail: `the target did not answer in time: ${err.detail}`, handling: 'escrow', appWide: false };
      case 'unknownOutcome':
        return { code: 'UnknownOutcome', detail: `the answer to a create was lost; the next attempt matches before creating: ${err.detail}`, handling: 'escrow', appWide: false };
      case 'notScim':
        return { code: 'ServiceIncompatible', detail: `the target's answer is not the SCIM expected: ${err.detail}${said}`, handling: 'escrow', appWide: false, status: err.status };
      case 'http':
        if (err.status === 401 || err.status === 403) {
          return { code: err.status === 401 ? 'Unauthorized' : 'Forbidden', detail: `the target refused the Secret Token (${err.status}): ${err.detail}`, handling: 'abort', appWide: true, status: err.status };
        }
        return { code: httpCode(err), detail: `${err.method} answered ${err.status}${err.scimType ? ` ${err.scimType}` : ''}: ${err.detail}${said}`, handling: 'escrow', appWide: false, status: err.status };
    }
  }
  if (err instanceof CycleAbort) throw err;
  const e = err as Error;
  return { code: 'EngineError', detail: e?.message ?? String(err), handling: 'escrow', appWide: false };
}
