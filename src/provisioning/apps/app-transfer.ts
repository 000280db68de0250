import { z } from 'zod';
import { provError } from '../errors.js';
import type { AppMappings } from '../mapping/mapping-types.js';
import type { AppSettings } from './app-settings.js';

/** The export format's version; an import refuses other versions with a clear message. */
export const APP_EXPORT_VERSION = 1;

/** An app's configuration as `scimkit app export` writes it: everything but the secret token (Entra's schema export has no secrets either). */
export interface AppExport {
  scimkit: 'app';
  version: number;
  name: string;
  template: string;
  targetUrl: string;
  settings: AppSettings;
  mappings: AppMappings;
  /** Assignments by name (userName / displayName) so they can be found in another tenant, with the source id as a fallback. */
  assignments: { type: 'User' | 'Group'; name: string; id: string; role: string }[];
}

const exportSchema = z.object({
  scimkit: z.literal('app'),
  version: z.literal(APP_EXPORT_VERSION),
  name: z.string().min(1),
  template: z.string().min(1),
  targetUrl: z.string().min(1),
  settings: z.record(z.string(), z.unknown()),
  mappings: z.object({ users: z.unknown(), groups: z.unknown() }),
  assignments: z.array(z.object({ type: z.enum(['User', 'Group']), name: z.string(), id: z.string(), role: z.string() })).default([]),
});

/** Reads an export, with a clear error for anything that is not one. */
export function parseAppExport(input: unknown): AppExport {
  const r = exportSchema.safeParse(input);
  if (!r.success) {
    throw provError.invalid(`not a scimkit app export (from \`scimkit app export\`): ${r.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ')}`);
  }
  return r.data as AppExport;
}
