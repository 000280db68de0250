/** Builds web/dist from web/; resolves to how long it took, in ms. */
export function buildConsole(): Promise<number>;
