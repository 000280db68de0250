// Where the built CLI and console live and whether they are current: bin/scimkit.js, the test runner and the
// benchmark ask here before they run the built JavaScript instead of the TypeScript sources. Plain JavaScript and
// node builtins only, so asking costs a few milliseconds.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The built entry point of the CLI (and of the server it starts). */
export const builtEntry = join(root, 'dist', 'cli', 'scimkit.js');

function newestIn(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestIn(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when the build of the checkout at `dir` exists and no source file (nor package.json) changed after it was made. */
export function buildIsCurrent(dir = root) {
  let built;
  try {
    built = statSync(join(dir, 'dist', 'cli', 'scimkit.js')).mtimeMs;
  } catch {
    return false;
  }
  return newestIn(join(dir, 'src')) <= built && statSync(join(dir, 'package.json')).mtimeMs <= built;
}

/** True when the console build (web/dist) of the checkout at `dir` exists and nothing in web/ (nor package.json) changed after it was made. */
export function consoleBuildIsCurrent(dir = root) {
  let built;
  try {
    built = statSync(join(dir, 'web', 'dist', 'index.html')).mtimeMs;
  } catch {
    return false;
  }
  const web = join(dir, 'web');
  const inputs = [newestIn(join(web, 'src'))];
  for (const f of ['index.html', 'vite.config.js']) inputs.push(statSync(join(web, f), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  try {
    inputs.push(newestIn(join(web, 'public')));
  } catch {
    // no public/ folder: nothing to compare
  }
  inputs.push(statSync(join(dir, 'package.json')).mtimeMs);
  return Math.max(...inputs) <= built;
}
