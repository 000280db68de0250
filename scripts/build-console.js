// Builds the admin console (web/, React + Vite) into web/dist (git-ignored), which `scimkit serve` serves at /.
// Run by scripts/build.js (so by `npm install` and `npm run build`) and by `npm test` when web/ changed.
import { join } from 'node:path';
import { root } from './built.js';

/** Builds web/dist from web/; returns how long it took, in ms. */
export async function buildConsole() {
  const started = Date.now();
  const { build } = await import('vite');
  // Always React's production build, even when called from a test run (NODE_ENV=test would bundle the development one).
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(root, 'web', 'vite.config.js'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  return Date.now() - started;
}
