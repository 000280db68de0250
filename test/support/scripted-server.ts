import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';

/** One request as a scripted server received it (the body read in full). */
export interface ScriptedRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Arrival order, from 0. */
  n: number;
}

/** A purpose-built node:http server on loopback for fault cases no real SCIM server produces on demand. */
export interface ScriptedServer {
  origin: string;
  port: number;
  readonly requests: ScriptedRequest[];
  /** Most requests that were in flight at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** Handles one request; write the answer on `res` (or destroy `res.socket` to fail it). */
export type ScriptedHandler = (req: ScriptedRequest, res: ServerResponse) => unknown;

/** Sends a JSON answer with the SCIM media type (or another one). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

/** Starts a scripted server on 127.0.0.1 with an ephemeral port. */
export async function startScriptedServer(handler: ScriptedHandler): Promise<ScriptedServer> {
  const requests: ScriptedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ScriptedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), n: requests.length };
      requests.push(r);
      Promise.resolve(handler(r, res)).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 599, { detail: String(err) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on (bound, then released): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
