import { z } from 'zod';

/** Who an app provisions: only assigned users and groups (Entra's default), or everyone in the source tenant. */
export const SCOPES = ['assigned', 'all'] as const;

/** How PATCH requests are shaped on the wire: RFC 7644 exactly, or the way Entra ID sends them (for targets built against Entra). */
export const PROFILES = ['rfc', 'entra'] as const;

/** An app's settings: the Provisioning page's Settings section, plus engine tuning. Every field has a default. */
export const appSettingsSchema = z.object({
  /** Where failure and deletion-guard e-mails go. */
  notificationEmail: z.string().trim().email().nullable().default(null),
  /** Entra's "Send an email notification when a failure occurs". */
  notifyOnFailure: z.boolean().default(false),
  scope: z.enum(SCOPES).default('assigned'),
  /** Minutes between scheduled cycles (Entra: 40, fixed). */
  intervalMinutes: z.number().int().min(1).max(10_080).default(40),
  /** A write to the source tenant starts a cycle within seconds. */
  changeTriggered: z.boolean().default(true),
  /** Target object actions: Entra's Create / Update / Delete checkboxes. */
  create: z.boolean().default(true),
  update: z.boolean().default(true),
  delete: z.boolean().default(true),
  /** Entra's SkipOutOfScopeDeletions: leaving scope sends nothing (no disable). */
  skipOutOfScopeDeletions: z.boolean().default(false),
  /** Accidental-deletion guard: a cycle that would disable or delete more objects than this holds them for approval; 0 turns the guard off. */
  deletionThreshold: z.number().int().min(0).max(10_000_000).default(500),
  /** Clear a target attribute when its source value becomes empty (Entra never clears; off by default). */
  flowNullValues: z.boolean().default(false),
  /** Requests in flight to the target at once. */
  concurrency: z.number().int().min(1).max(64).default(8),
  /** Most members one group PATCH carries. */
  membersPerPatch: z.number().int().min(1).max(1000).default(100),
  profile: z.enum(PROFILES).default('rfc'),
});

/** An app's settings after defaults. */
export type AppSettings = z.infer<typeof appSettingsSchema>;

/**
 * A change to settings, or the settings given when creating an app: any subset, each value checked as in
 * the settings, but no default filled in (zod's `.partial()` keeps the defaults, so a patch naming one
 * setting would reset every other one).
 */
export const appSettingsPatchSchema = z.object(
  Object.fromEntries(Object.entries(appSettingsSchema.shape).map(([name, s]) => [name, (s instanceof z.ZodDefault ? s.unwrap() : s).optional()])) as unknown as {
    [K in keyof AppSettings]: z.ZodOptional<z.ZodType<AppSettings[K]>>;
  },
);

/** Settings as given by a person or a template: any subset. */
export type AppSettingsInput = z.input<typeof appSettingsSchema>;

/** The names of the settings, for `scimkit app set <app> --<setting> <value>` and the admin API. */
export const SETTING_NAMES = Object.keys(appSettingsSchema.shape) as (keyof AppSettings)[];
