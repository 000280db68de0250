import { z } from 'zod';
import { appSettingsPatchSchema } from '../../provisioning/apps/app-settings.js';

/** Mappings as the API takes them; their contents are checked by the engine (paths, attributes, expressions). */
export const mappingsBody = z
  .object({
    users: z.object({ enabled: z.boolean().optional(), mappings: z.array(z.record(z.string(), z.unknown())), scoping: z.array(z.record(z.string(), z.unknown())).default([]) }),
    groups: z.object({ enabled: z.boolean().optional(), mappings: z.array(z.record(z.string(), z.unknown())), scoping: z.array(z.record(z.string(), z.unknown())).default([]) }),
  })
  .describe('Attribute mappings and scoping filters for users and groups');

/** POST /apps. */
export const createAppBody = z
  .object({
    tenant: z.string().min(1).describe('The source tenant, by id or name'),
    name: z.string().min(1).max(200),
    template: z.string().min(1).describe('spaceiq, officespace, howspace or generic'),
    targetUrl: z.string().min(1).describe("The target's SCIM base URL (Entra's Tenant URL)"),
    token: z.string().min(1).describe("The target's bearer token (Entra's Secret Token); write-only"),
    settings: appSettingsPatchSchema.optional(),
  })
  .strict();

/** PATCH /apps/{app}: any subset. */
export const updateAppBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    targetUrl: z.string().min(1).optional(),
    token: z.string().min(1).optional().describe('Write-only: never returned'),
    settings: appSettingsPatchSchema.optional(),
  })
  .strict();

/** POST /apps/{app}/test: test the saved credentials, or new ones before saving them. */
export const testBody = z.object({ targetUrl: z.string().min(1).optional(), token: z.string().min(1).optional() }).strict();

/** POST /test-connection: Test Connection for credentials not yet saved in an app (the gallery's new app). */
export const testNewBody = z
  .object({
    template: z.string().min(1).describe('spaceiq, officespace, howspace or generic: decides the matching attribute looked up'),
    targetUrl: z.string().min(1).describe("The target's SCIM base URL (Entra's Tenant URL)"),
    token: z.string().min(1).describe("The target's bearer token (Entra's Secret Token)"),
  })
  .strict();

/** A user or group of the source tenant, by id or userName / displayName. */
export const principalBody = z.union([z.object({ user: z.string().min(1) }).strict(), z.object({ group: z.string().min(1) }).strict()]);

/** POST /apps/{app}/assignments. */
export const assignBody = z.union([
  z.object({ user: z.string().min(1), role: z.string().min(1).optional() }).strict(),
  z.object({ group: z.string().min(1), role: z.string().min(1).optional() }).strict(),
]);

/** POST /apps/{app}/sync. */
export const syncBody = z
  .object({
    dryRun: z.boolean().default(false).describe('Plan a full cycle and send nothing; answers with the plan'),
    restart: z.boolean().default(false).describe('Clear the watermark, escrows and quarantine first'),
    wait: z.boolean().default(false).describe('Answer when the cycle ended (else 202 as soon as it started)'),
  })
  .strict();

/** POST /apps/import. */
export const importBody = z
  .object({ tenant: z.string().min(1), export: z.record(z.string(), z.unknown()), name: z.string().optional(), targetUrl: z.string().optional(), token: z.string().optional() })
  .strict();

/** POST /expressions/evaluate: check an expression, and evaluate it for a sample object. */
export const evaluateBody = z
  .object({
    kind: z.enum(['User', 'Group']).default('User'),
    expression: z.string().max(10_000),
    app: z.string().optional().describe('An app, for its source tenant and roles'),
    source: z.string().optional().describe('A user (id or userName) or group (id or displayName) of the app\'s source tenant to evaluate for'),
    attributes: z.record(z.string(), z.unknown()).optional().describe('Or a sample SCIM resource to evaluate for'),
  })
  .strict();

/** POST /scoping/validate. */
export const scopingBody = z.object({ kind: z.enum(['User', 'Group']).default('User'), filters: z.array(z.record(z.string(), z.unknown())) }).strict();
