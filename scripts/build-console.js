// Builds the admin console (web/, React + Vite) into web/dist (git-ignored), which `scimkit serve` serves at /.
// Run by scripts/build.js (so by `npm install` and `npm run build`) and by `npm test` when web/ changed.
import { join } from 'node:path';
import { root } from './built.js';

/** Builds web/dist from web/; returns how long it took, in ms. */
export async function buildConsole() {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web', 'vite.config.js'), logLevel: 'warn' });
  return Date.now() - started;
}
