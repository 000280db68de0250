import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isScimError, ScimError, scimError } from '../scim/errors.js';
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
  if (err instanceof SyntaxError || (err as { statusCode?: number }).statusCode === 400) {
    return scimError.invalidSyntax(`The request body is not valid JSON: ${err.message}`);
  }
  if (err.statusCode === 429) return scimError.tooManyRequests(1);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new ScimError(err.statusCode, err.message);
  return undefined;
}

/** Writes a SCIM error response; the one place errors become HTTP. */
export function sendScimError(reply: FastifyReply, err: ScimError): FastifyReply {
  // Set here too: an error raised before the hooks ran (a URL the router cannot read) still carries them.
  reply.headers(SECURITY_HEADERS);
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.code(err.status).type(SCIM_CONTENT_TYPE).send(err.toBody());
}

/** Fastify's error handler: SCIM errors as they are, client mistakes mapped, anything else a logged 500 without details. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  let scim: ScimError | undefined = isScimError(err) ? (err as unknown as ScimError) : fromFastify(err);
  if (!scim) {
    req.log.error({ err }, 'unexpected error');
    scim = scimError.internal(err);
  }
  req.scimOutcome = { scimType: scim.scimType ?? null, detail: scim.detail };
  return sendScimError(reply, scim);
}
