/**
 * A loopback HTTP proxy in front of any target (a scimkit server, the SCIMMY target) that injects faults
 * on demand and records every request: the engine's fault tests run a real target behind it and assert
 * the target's final state. Faults are rules, tried in the order they were added; the first one that
 * fires decides what happens to a request, and a request no rule takes is forwarded unchanged.
 *
 * A rule picks requests by method and path, may let the first `skip` of them through, fires on a `share`
 * of the rest chosen by a seeded PRNG (the same seed fails the same positions of the sequence every run),
 * and is spent after `times` firings. Delays use real time, since a timeout is about real time.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { Pool } from 'undici';
import { prng } from './prng.js';

/** What a fault does to the requests it takes. */
export type FaultAction =
  /** Answer with this status (and a SCIM error body unless one is given) without forwarding. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Answer 429 (or 503) with `Retry-After` (seconds or an HTTP date), without forwarding. */
  | { kind: 'throttle'; retryAfter?: number | string; status?: 429 | 503 }
  /**
   * Hold the request `ms` before forwarding it (`before`: if the client gave up meanwhile, the target never
   * sees it), or forward it at once and hold the target's answer (`after`: the target acted, the client
   * times out, the outcome of a POST is unknown to it).
   */
  | { kind: 'delay'; ms: number; when: 'before' | 'after' }
  /**
   * Close the connection with no complete answer: `before` forwarding (the target never sees it), `after`
   * the target answered (it acted), or `midResponse` (headers and half the body sent, then closed; an
   * answer without a body, such as 204, is dropped whole).
   */
  | { kind: 'drop'; when: 'before' | 'after' | 'midResponse' }
  /** Drop this request and refuse every connection until `up()`: the target is down. */
  | { kind: 'goDown' };

/** When a fault fires. */
export interface FaultRule {
  action: FaultAction;
  /** Only requests with one of these methods (default: any). */
  methods?: string[];
  /** Only requests whose path (with query) matches (default: any). */
  path?: RegExp;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
  /** The share of matching requests it takes, 0–1 (default 1), decided by a PRNG seeded with `seed`. */
  share?: number;
  seed?: number;
  /** Spent after firing this many times (default: never). */
  times?: number;
}

/** A rule once added: how often it fired, and how to take it away. */
export interface InjectedFault {
  readonly fired: number;
  remove(): void;
}

/** One request through the proxy. */
export interface ProxiedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** The fault that took it, if any. */
  fault: FaultAction['kind'] | undefined;
  /** Whether the target received it. */
  forwarded: boolean;
  /** What the target answered, when it was forwarded and answered. */
  targetStatus: number | undefined;
  /** What the client was sent; undefined when the connection was dropped. */
  status: number | undefined;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** A target URL (e.g. its SCIM base) as reached through the proxy: same path and query, proxy origin. */
  via(targetUrl: string): string;
  readonly requests: ProxiedRequest[];
  /** Adds a fault rule; rules are tried in the order added. */
  inject(rule: FaultRule): InjectedFault;
  /** Removes every rule. */
  clearFaults(): void;
  /** Stops accepting connections and cuts open ones: clients get "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  readonly isDown: boolean;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k.toLowerCase())) out[k] = v;
  return out;
}

function errorBody(status: number, detail: string): Buffer {
  return Buffer.from(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Rule extends FaultRule {
  seen: number;
  fired: number;
  random: () => number;
  removed: boolean;
}

/** Starts a fault proxy on 127.0.0.1 (ephemeral port) forwarding to `target` (an origin or any URL on it). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetOrigin = new URL(target).origin;
  const pool = new Pool(targetOrigin, { connections: 32 });
  const requests: ProxiedRequest[] = [];
  let rules: Rule[] = [];
  let isDown = false;
  let port = 0;

  function pick(method: string, url: string): Rule | undefined {
    for (const rule of rules) {
      if (rule.removed || (rule.times !== undefined && rule.fired >= rule.times)) continue;
      if (rule.methods && !rule.methods.map((m) => m.toUpperCase()).includes(method)) continue;
      if (rule.path && !rule.path.test(url)) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.random() >= (rule.share ?? 1)) continue;
      rule.fired += 1;
      return rule;
    }
    return undefined;
  }

  async function forward(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer) {
    const r = await pool.request({ method: method as 'GET', path: url, headers: forwardable(headers), body: body.length > 0 ? body : undefined });
    return { status: r.statusCode, headers: forwardable(r.headers), body: Buffer.from(await r.body.arrayBuffer()) };
  }

  function reply(res: ServerResponse, entry: ProxiedRequest, status: number, headers: Record<string, string | string[]>, body: Buffer): void {
    if (res.destroyed) return;
    entry.status = status;
    res.writeHead(status, { ...headers, 'content-length': body.length }).end(body);
  }

  function drop(res: ServerResponse): void {
    res.socket?.destroy();
  }

  const server = createServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const entry: ProxiedRequest = { method, url, fault: undefined, forwarded: false, targetStatus: undefined, status: undefined };
    requests.push(entry);
    // 'close' before the answer is written means the client went away (gave up, timed out).
    let clientGone = false;
    res.on('close', () => {
      clientGone = !res.writableEnded;
    });
    (async () => {
      const body = await buffer(req);
      const rule = pick(method, url);
      const action = rule?.action;
      entry.fault = action?.kind;
      const send = async () => {
        entry.forwarded = true;
        const answer = await forward(method, url, req.headers, body);
        entry.targetStatus = answer.status;
        return answer;
      };
      if (action === undefined) {
        const a = await send();
        return reply(res, entry, a.status, a.headers, a.body);
      }
      switch (action.kind) {
        case 'status': {
          const b = action.body === undefined ? errorBody(action.status, `fault injected: ${action.status}`) : Buffer.from(JSON.stringify(action.body));
          return reply(res, entry, action.status, { 'content-type': 'application/scim+json', ...action.headers }, b);
        }
        case 'throttle': {
          const status = action.status ?? 429;
          const retryAfter = String(action.retryAfter ?? 1);
          return reply(res, entry, status, { 'content-type': 'application/scim+json', 'retry-after': retryAfter }, errorBody(status, 'fault injected: too many requests'));
        }
        case 'delay': {
          if (action.when === 'before') {
            await sleep(action.ms);
            if (clientGone || res.destroyed) return;
            const a = await send();
            return reply(res, entry, a.status, a.headers, a.body);
          }
          const a = await send();
          await sleep(action.ms);
          return reply(res, entry, a.status, a.headers, a.body);
        }
        case 'drop': {
          if (action.when === 'before') return drop(res);
          const a = await send();
          // An answer without a body (204) has no middle: it is dropped whole.
          if (action.when === 'after' || a.body.length === 0) return drop(res);
          res.writeHead(a.status, { ...a.headers, 'content-length': a.body.length });
          res.write(a.body.subarray(0, Math.floor(a.body.length / 2)), () => drop(res));
          return;
        }
        case 'goDown':
          drop(res);
          await proxy.down();
          return;
      }
    })().catch((err: unknown) => {
      // The target itself failed (refused, reset): a gateway says so.
      if (!res.headersSent) reply(res, entry, 502, { 'content-type': 'application/scim+json' }, errorBody(502, `fault proxy: target unreachable: ${String(err)}`));
    });
  });

  async function listen(p: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  port = await listen(0);
  const origin = `http://127.0.0.1:${port}`;

  const proxy: FaultProxy = {
    origin,
    via(targetUrl) {
      const u = new URL(targetUrl);
      return `${origin}${u.pathname}${u.search}`;
    },
    requests,
    inject(rule) {
      const r: Rule = { ...rule, seen: 0, fired: 0, random: prng(rule.seed ?? 1), removed: false };
      rules.push(r);
      return {
        get fired() {
          return r.fired;
        },
        remove() {
          r.removed = true;
        },
      };
    },
    clearFaults() {
      for (const r of rules) r.removed = true;
      rules = [];
    },
    get isDown() {
      return isDown;
    },
    async down() {
      if (isDown) return;
      isDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    async up() {
      if (!isDown) return;
      await listen(port);
      isDown = false;
    },
    async close() {
      await proxy.down();
      await pool.close();
    },
  };
  return proxy;
}
