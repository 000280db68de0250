import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isScimError, ScimError, scimError } from '../scim/errors.js';
import { unavailableOf } from '../store/dialect.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** The SCIM media type every response carries. */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

// Fastify's own errors for what is really the client's mistake, mapped once to SCIM errors.
function fromFastify(err: FastifyError): ScimError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return scimError.tooLarge('The request body is larger than maxPayloadSize (see /ServiceProviderConfig).');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return scimError.unsupportedMediaType('Send bodies as application/scim+json or application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return scimError.invalidSyntax('The request body is empty; a JSON object was expected.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return scimError.invalidSyntax('The Content-Length does not match the body.');
  }
  if (err instanceof SyntaxError || (err as { statusCode?: number }).statusCode === 400) return notJson(err);
  if (err.statusCode === 429) return scimError.tooManyRequests(1);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new ScimError(err.statusCode, err.message);
  return undefined;
}

/**
 * The error for a body that does not parse as JSON. The parser's own message quotes the body, which may
 * hold a password, and would be logged and audited: only the position is kept.
 */
export function notJson(err: Error): ScimError {
  const at = /position (\d+)/.exec(err.message)?.[1];
  return scimError.invalidSyntax(`The request body is not valid JSON${at ? ` (at position ${at})` : ''}.`);
}

/** Writes a SCIM error response; the one place errors become HTTP. */
export function sendScimError(reply: FastifyReply, err: ScimError): FastifyReply {
  // Set here too: an error raised before the hooks ran (a URL the router cannot read) still carries them.
  reply.headers(SECURITY_HEADERS);
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.code(err.status).type(SCIM_CONTENT_TYPE).send(err.toBody());
}

/**
 * Any thrown value as the SCIM error to answer: SCIM errors as they are, client mistakes mapped, an
 * unreachable or locked database a 503 with Retry-After (logged as a warning), anything else a logged 500.
 */
export function toScimError(err: unknown, req: FastifyRequest): ScimError {
  if (isScimError(err)) return err;
  const down = unavailableOf(err);
  if (down) {
    req.log.warn({ err }, 'database unavailable');
    return scimError.unavailable(down.message, down.retryAfterSeconds);
  }
  const mapped = err && typeof err === 'object' ? fromFastify(err as FastifyError) : undefined;
  if (mapped) return mapped;
  req.log.error({ err }, 'unexpected error');
  return scimError.internal(err);
}

/** Fastify's error handler: every error becomes a SCIM error body (see toScimError) and is noted for the audit. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const scim = toScimError(err, req);
  req.scimOutcome = { scimType: scim.scimType ?? null, detail: scim.detail };
  return sendScimError(reply, scim);
}
