// Where Chromium is for the console's browser tests: SCIMKIT_CHROMIUM if set, else the first of the usual
// Debian/Ubuntu names on PATH (chromium, chromium-browser) or /usr/bin. Shared by `npm test` (to say plainly
// that the browser tests are skipped) and the tests themselves.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser'];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium executable, or undefined when there is none. */
export function findChromium(env = process.env) {
  if (env.SCIMKIT_CHROMIUM) return executable(env.SCIMKIT_CHROMIUM) ? env.SCIMKIT_CHROMIUM : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const dir of dirs) for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  return undefined;
}
