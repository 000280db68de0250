/** The Chromium executable for the browser tests (SCIMKIT_CHROMIUM, else chromium on PATH), or undefined. */
export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
