import type { App } from '../../provisioning/apps/app-types.js';

/** An app as the admin API returns it: never its token; mappings only on request of the one app. */
export function appView(app: App, withMappings = false): Record<string, unknown> {
  const { mappings, ...rest } = app;
  return withMappings ? { ...rest, mappings } : rest;
}
