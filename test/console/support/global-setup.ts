// Before the browser tests: a current build of the CLI and of the console, since they drive `scimkit serve`
// serving web/dist exactly as users get it.
import { buildConsole } from '../../../scripts/build-console.js';
// @ts-expect-error plain JavaScript module without type declarations
import { buildCli } from '../../../scripts/build.js';
// @ts-expect-error plain JavaScript module without type declarations
import { buildIsCurrent, consoleBuildIsCurrent } from '../../../scripts/built.js';

/** Builds what is stale; a console that does not build fails the browser tests here, once, with the bundler's message. */
export default async function setup(): Promise<void> {
  if (!buildIsCurrent()) await buildCli();
  if (!consoleBuildIsCurrent()) await buildConsole();
}
