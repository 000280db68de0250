/**
 * The no-op server every scimkit number is divided by: plain `node:http` on one core that reads each
 * request (body included) and answers it with a fixed SCIM-shaped body of the size scimkit answers, no
 * database, no parsing. It shows what the machine, the load generator and the loopback allow, measured
 * in the same run, so the ratio scimkit / no-op means the same on a noisy machine as on a quiet one.
 *
 * Usage (from the repository root): node --import tsx bench/noop-server.ts --port P
 */
import { createServer } from 'node:http';
import { CORE_USER_SCHEMA, ENTERPRISE_SCHEMA, userBody } from './lib/dataset.js';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`noop-server: missing --${name}`);
  return v;
}

const port = Number(arg('port'));
const base = `http://127.0.0.1:${port}/scim/v2/00000000-0000-4000-8000-000000000000`;
const id = '2819c223-7f76-453a-919d-413861904646';
// A user as scimkit renders it (id, meta, the enterprise extension), so answers weigh what scimkit's weigh.
const user = {
  ...userBody(123_456),
  schemas: [CORE_USER_SCHEMA, ENTERPRISE_SCHEMA],
  id,
  groups: [],
  meta: { resourceType: 'User', created: '2026-11-25T00:00:00.000Z', lastModified: '2026-11-25T00:00:00.000Z', location: `${base}/Users/${id}`, version: 'W/"1"' },
};
const one = Buffer.from(JSON.stringify(user));
const list = Buffer.from(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, itemsPerPage: 1, startIndex: 1, Resources: [user] }));
const headers = { 'content-type': 'application/scim+json; charset=utf-8', etag: 'W/"1"' };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const isList = req.method === 'GET' && req.url!.includes('?');
    const status = req.method === 'POST' ? 201 : req.method === 'DELETE' ? 204 : 200;
    const body = status === 204 ? undefined : isList ? list : one;
    res.writeHead(status, body ? { ...headers, 'content-length': body.length } : headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send?.({ type: 'ready', port }));
const stop = () => server.close(() => process.exit(0));
process.on('message', (msg: { type?: string }) => msg?.type === 'stop' && stop());
process.on('disconnect', stop);
process.on('SIGTERM', stop);
