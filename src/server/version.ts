import { readFileSync } from 'node:fs';

/** scimkit's version, from package.json (the same relative place from the sources and from the build in dist/). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
