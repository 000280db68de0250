import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AdminAccountError } from '../../admin/admin-account-store.js';
import { isProvisioningError } from '../../provisioning/errors.js';
import { isScimError } from '../../scim/errors.js';

/** The admin API's error body: a stable code, a message a person can act on, and details when there are several problems. */
export interface AdminErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An error raised by the admin API itself (authentication, unknown route). */
export class AdminHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'AdminHttpError';
  }
}

/** The one place admin API errors become HTTP: provisioning errors keep their code and status, bad bodies are 400, the rest 500 (logged). */
export function adminErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const send = (status: number, code: string, message: string, details?: unknown) =>
    reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message, ...(details === undefined ? {} : { details }) } } satisfies AdminErrorBody);
  if (err instanceof AdminHttpError) {
    if (err.status === 401 && err.code === 'unauthorized') reply.header('WWW-Authenticate', 'Bearer realm="scimkit-admin"');
    return send(err.status, err.code, err.message);
  }
  if (err instanceof AdminAccountError) return send(err.code === 'usernameTaken' || err.code === 'setupDone' ? 409 : 400, err.code, `${err.message[0]!.toUpperCase()}${err.message.slice(1)}.`);
  if (isProvisioningError(err)) return send(err.status === 500 ? 503 : err.status, err.code, err.message, err.details);
  if (err instanceof ZodError) return send(400, 'invalidInput', err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), err.issues);
  if (isScimError(err)) return send(err.status, err.scimType ?? 'invalidRequest', err.detail);
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return send(status, 'invalidRequest', err.message);
  req.log.error({ err }, 'admin API request failed');
  return send(500, 'internal', 'Internal server error.');
}
