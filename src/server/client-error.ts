import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { scimError, ScimError } from '../scim/errors.js';
import { SCIM_CONTENT_TYPE } from './error-handler.js';
import { SECURITY_HEADERS } from './security-headers.js';

// What Node's HTTP parser refuses before any route or hook runs, as the SCIM error a client should see.
function errorFor(code: string | undefined): ScimError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ScimError(431, 'The request line and headers are larger than the server accepts (16 KB).');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ScimError(408, 'The request was not received in time.');
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return scimError.invalidSyntax('A request may not carry both Transfer-Encoding and Content-Length.');
    default:
      return scimError.invalidSyntax('The request is not valid HTTP/1.1.');
  }
}

/**
 * Fastify's `clientErrorHandler`: requests that Node's HTTP parser refuses (headers over 16 KB, both
 * Transfer-Encoding and Content-Length, a malformed request line) never reach a route, so this writes the
 * answer on the socket itself, as a SCIM error body with the same security headers as every other response.
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  // A reset or already closed connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const scim = errorFor(err.code);
  this.log.debug({ err }, 'request refused by the HTTP parser');
  if (socket.writable) {
    const body = JSON.stringify(scim.toBody());
    const headers = { ...SECURITY_HEADERS, 'content-type': SCIM_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`HTTP/1.1 ${scim.status} ${STATUS_CODES[scim.status] ?? 'Error'}\r\n${head}\r\n${body}`);
  }
  socket.destroy(err);
}
