import { createRequire } from 'node:module';
import type pg from 'pg';

const require = createRequire(import.meta.url);

/**
 * Loads the PostgreSQL driver (only PostgreSQL needs it). On Node 20, pg checks at load whether it runs on
 * Cloudflare Workers: with no global `navigator` there, it builds a `Response`, and reading that global makes
 * Node load its whole fetch implementation, 15–30 ms of every CLI command on PostgreSQL. The global is hidden
 * for the synchronous require alone, so no other code runs meanwhile, and then put back as it was (Node's own
 * lazy getter). Node 21 and later have `navigator`, and the check never reads `Response`.
 */
export function loadPg(): typeof pg {
  const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  if (!response?.configurable || typeof (globalThis as { navigator?: unknown }).navigator === 'object') return require('pg') as typeof pg;
  Object.defineProperty(globalThis, 'Response', { value: undefined, configurable: true, writable: true });
  try {
    return require('pg') as typeof pg;
  } finally {
    Object.defineProperty(globalThis, 'Response', response);
  }
}
