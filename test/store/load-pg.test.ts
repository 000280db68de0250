import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Run in a fresh process: the test runner itself has long loaded Node's fetch implementation.
function inFreshNode(script: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('loading the PostgreSQL driver', () => {
  it("does not load Node's fetch implementation, and leaves the global Response as it was", () => {
    const seen = inFreshNode(`
      import { loadPg } from './src/store/load-pg.ts';
      const before = Object.getOwnPropertyDescriptor(globalThis, 'Response');
      const pg = loadPg();
      const fetchLoaded = process.moduleLoadList.some((m) => m.includes('undici'));
      const after = Object.getOwnPropertyDescriptor(globalThis, 'Response');
      console.log(JSON.stringify({ fetchLoaded, client: typeof pg.Client, pool: typeof pg.Pool, sameGlobal: before.get === after.get && before.set === after.set, response: typeof Response, body: await new Response('ok').text() }));
    `);
    expect(seen).toEqual({ fetchLoaded: false, client: 'function', pool: 'function', sameGlobal: true, response: 'function', body: 'ok' });
  });

  it('loading pg plainly would have loaded it (what the check above guards against)', () => {
    const seen = inFreshNode(`
      import { createRequire } from 'node:module';
      createRequire(import.meta.url)('pg');
      console.log(JSON.stringify({ fetchLoaded: process.moduleLoadList.some((m) => m.includes('undici')), navigator: typeof navigator }));
    `);
    // Node 21 and later have navigator, and pg's check never reads Response there.
    expect(seen.fetchLoaded).toBe(seen.navigator !== 'object');
  });
});
