import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where the built console is: web/dist at the repository root, two levels above this file in src/server/ and in the bundle's dist/cli/. */
export const CONSOLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

// The console's own page: scripts and styles from this server only, API calls to this server only, nothing framed.
const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Serves the admin console (a single page, built from web/ by `npm install` or `npm run build`) at `/`.
 * Without a build, `/` says how to make one instead of a bare 404.
 */
export async function registerConsole(app: FastifyInstance, dir = CONSOLE_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The admin console is not built: run `npm run build` (npm install does it), then restart scimkit.\nThe admin API is at /admin/v1 (see /admin/v1/openapi.json).\n'),
    );
    return;
  }
  await app.register(async (site) => {
    site.addHook('onSend', async (req, reply) => {
      reply.header('content-security-policy', CONSOLE_CSP);
      // Hashed asset names never change content; the page itself is always fetched fresh.
      reply.header('cache-control', req.url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    });
    await site.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: ['index.html'], cacheControl: false });
  });
}
