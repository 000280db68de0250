import type { Store } from '../data/store.js';
import { appSettingsSchema, type AppSettings } from './apps/app-settings.js';
import type { App, AppStatus } from './apps/app-types.js';
import { templateById } from './apps/templates/templates.js';
import { DEFAULT_ACCESS_ROLE } from './apps/templates/template-types.js';
import type { Assignment } from './assignments/assignment-store.js';
import type { PrincipalRef } from './assignments/principal-ref.js';
import { createScimClient, type ScimClient, type TestConnectionResult } from './client/scim-client.js';
import { checkTargetUrl } from './apps/target-url.js';
import { dryRun, runAppCycle, type CycleOptions, type CycleResult } from './cycle/app-cycle.js';
import { EngineContext, type EngineOptions } from './engine-context.js';
import { provError } from './errors.js';
import { compileObjectMapping } from './mapping/compile-mappings.js';
import type { AppMappings } from './mapping/mapping-types.js';
import { validateScopingFilters } from './scoping/index.js';
import { isKnownSourceAttribute } from './mapping/source-attributes.js';
import { SourceDirectory } from './source/source-directory.js';
import { ScopeResolver } from './assignments/scope-resolver.js';
import { provisionOnDemand, type OnDemandResult } from './on-demand.js';
import { appStatus, type AppStatusReport } from './app-status.js';
import { APP_EXPORT_VERSION, parseAppExport, type AppExport } from './apps/app-transfer.js';

/** What creating an app takes; the template supplies mappings, roles and default settings. */
export interface CreateAppInput {
  tenant: string;
  name: string;
  template: string;
  targetUrl: string;
  token: string;
  settings?: Partial<AppSettings>;
  mappings?: AppMappings;
}

export type { PrincipalRef } from './assignments/principal-ref.js';

/** Checks mappings and scoping filters of both object types; a clear error listing every problem. */
export function validateMappings(m: AppMappings): AppMappings {
  if (!m || typeof m !== 'object' || !m.users || !m.groups) throw provError.invalid('mappings must have "users" and "groups", each with "mappings" and "scoping"');
  compileObjectMapping('User', m.users);
  compileObjectMapping('Group', m.groups);
  for (const [kind, om] of [['User', m.users], ['Group', m.groups]] as const) {
    const problems = validateScopingFilters(om.scoping ?? [], { kind, isKnownAttribute: (n: string) => isKnownSourceAttribute(kind, n) });
    if (problems.length) throw provError.invalid(problems.map((p) => `${kind === 'User' ? 'user' : 'group'} scoping: ${p.message}`).join('; '));
  }
  return m;
}

function parseSettings(input: unknown): AppSettings {
  const r = appSettingsSchema.strict().safeParse(input);
  if (!r.success) throw provError.invalid(r.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; '));
  return r.data;
}

/**
 * The provisioning engine: apps and their assignments, mappings and settings; cycles (scheduled,
 * manual, dry run); provision on demand; status and logs. The CLI, the admin API and the scheduler
 * all go through this one object.
 */
export class ProvisioningEngine {
  private constructor(readonly ctx: EngineContext) {}

  /** Opens the engine on a store: migrates its tables and loads the secret key. */
  static async open(store: Store, opts: EngineOptions): Promise<ProvisioningEngine> {
    return new ProvisioningEngine(await EngineContext.open(store, opts));
  }

  /** Creates an app from a template (status Off); nothing is sent until it is started or synced. */
  async createApp(input: CreateAppInput): Promise<App> {
    const tenant = await this.ctx.store.tenants.find(input.tenant);
    if (!tenant) throw provError.notFound(`no source tenant with id or name ${JSON.stringify(input.tenant)}`);
    if (!input.token?.trim()) throw provError.invalid('the secret token is empty: paste the token the target app generated');
    const template = templateById(input.template);
    const settings = parseSettings({ ...template.settings, ...(input.settings ?? {}) });
    const mappings = validateMappings(input.mappings ?? template.mappings);
    return this.ctx.apps.create({ tenantId: tenant.id, name: input.name, template: template.id, targetUrl: input.targetUrl, token: input.token, settings, mappings });
  }

  /** An app by id or name. */
  app(idOrName: string): Promise<App> {
    return this.ctx.apps.require(idOrName);
  }

  /** Every app (of one source tenant, if given). */
  async listApps(tenant?: string): Promise<App[]> {
    if (!tenant) return this.ctx.apps.list();
    const t = await this.ctx.store.tenants.find(tenant);
    if (!t) throw provError.notFound(`no tenant with id or name ${JSON.stringify(tenant)}`);
    return this.ctx.apps.list(t.id);
  }

  /** Changes settings (any subset); unknown names and bad values are refused with every problem listed. */
  async updateSettings(idOrName: string, patch: Record<string, unknown>): Promise<App> {
    const app = await this.app(idOrName);
    return this.ctx.apps.setSettings(app.id, parseSettings({ ...app.settings, ...patch }));
  }

  /** Replaces the mappings and scoping filters; the next cycle re-evaluates every object (as Entra). */
  async setMappings(idOrName: string, mappings: AppMappings): Promise<App> {
    const app = await this.app(idOrName);
    return this.ctx.apps.setMappings(app.id, validateMappings(mappings));
  }

  /** Restores the template's mappings (Entra's "Restore default mappings"). */
  async restoreDefaultMappings(idOrName: string): Promise<App> {
    const app = await this.app(idOrName);
    return this.ctx.apps.setMappings(app.id, templateById(app.template).mappings);
  }

  /** Renames an app, or replaces its Tenant URL or Secret Token. */
  async updateApp(idOrName: string, patch: { name?: string; targetUrl?: string; token?: string }): Promise<App> {
    let app = await this.app(idOrName);
    if (patch.name !== undefined) app = await this.ctx.apps.rename(app.id, patch.name);
    if (patch.targetUrl !== undefined || patch.token !== undefined) app = await this.ctx.apps.setCredentials(app.id, patch);
    return app;
  }

  /** Turns provisioning On (cycles on schedule and on change) or Off. */
  async setStatus(idOrName: string, status: AppStatus): Promise<App> {
    const app = await this.app(idOrName);
    return this.ctx.apps.setStatus(app.id, status);
  }

  /** Deletes an app and what the engine kept for it; the target is left as it is. */
  async deleteApp(idOrName: string): Promise<void> {
    const app = await this.app(idOrName);
    await this.ctx.apps.delete(app.id);
  }

  /** Test Connection with the saved credentials, or with new ones before they are saved. */
  async testConnection(idOrName: string, override?: { targetUrl?: string; token?: string }): Promise<TestConnectionResult> {
    const app = await this.app(idOrName);
    return this.testWith(await this.ctx.clientFor(app, override), app.mappings);
  }

  /** Test Connection before the app exists (the console's gallery: paste, test, then save), with the template's matching attribute and settings. */
  async testNewConnection(input: { template: string; targetUrl: string; token: string }): Promise<TestConnectionResult> {
    const template = templateById(input.template);
    if (!input.token.trim()) throw provError.invalid('the secret token is empty: paste the token the target app generated');
    const settings = parseSettings(template.settings);
    const client = createScimClient({ ...this.ctx.opts.client, baseUrl: checkTargetUrl(input.targetUrl), token: input.token, concurrency: settings.concurrency, profile: settings.profile, maxMembersPerPatch: settings.membersPerPatch });
    return this.testWith(client, template.mappings);
  }

  // Entra's Test Connection: one lookup on the first matching attribute (userName when it is a filtered or extension path).
  private async testWith(client: ScimClient, mappings: AppMappings): Promise<TestConnectionResult> {
    try {
      const matching = compileObjectMapping('User', mappings.users).matching[0];
      return await client.testConnection('Users', matching?.target.uri || matching?.target.filter ? 'userName' : (matching?.key ?? 'userName'));
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** Assigns a user or group of the source tenant with an app role (the template's first role by default). */
  async assign(idOrName: string, who: PrincipalRef, role?: string): Promise<Assignment & { changed: boolean }> {
    const app = await this.app(idOrName);
    const template = templateById(app.template);
    const chosen = role?.trim() || template.roles[0]!;
    if (chosen !== DEFAULT_ACCESS_ROLE && !template.roles.includes(chosen)) {
      throw provError.invalid(`unknown role ${JSON.stringify(chosen)} for ${template.name}: choose one of ${[...template.roles, DEFAULT_ACCESS_ROLE].join(', ')}`);
    }
    const p = await this.principal(app, who);
    const changed = await this.ctx.assignments.assign(app.id, p.id, p.type, chosen);
    return { principalId: p.id, principalType: p.type, role: chosen, createdAt: new Date(this.ctx.now()).toISOString(), changed };
  }

  /** Removes an assignment; the next cycle disables users who lose access (unless skip-out-of-scope-deletions). */
  async unassign(idOrName: string, who: PrincipalRef): Promise<boolean> {
    const app = await this.app(idOrName);
    const p = await this.principal(app, who);
    return this.ctx.assignments.unassign(app.id, p.id);
  }

  /** The app's assignments, with each principal's name. */
  async assignments(idOrName: string): Promise<(Assignment & { name: string })[]> {
    const app = await this.app(idOrName);
    const list = await this.ctx.assignments.list(app.id);
    const found = await this.ctx.store.resources.getMany(app.tenantId, list.map((a) => a.principalId));
    const names = new Map(found.map((r) => [r.id, String(r.doc.userName ?? r.doc.displayName ?? r.id)]));
    return list.map((a) => ({ ...a, name: names.get(a.principalId) ?? `${a.principalId} (deleted)` }));
  }

  /** One cycle now, On or Off; returns when it finished. */
  sync(idOrName: string, opts: CycleOptions = {}): Promise<CycleResult> {
    return this.app(idOrName).then((app) => runAppCycle(this.ctx, app.id, opts));
  }

  /** What a full cycle would do now, with nothing written to the target or the engine's tables. */
  async dryRun(idOrName: string) {
    const app = await this.app(idOrName);
    return dryRun(this.ctx, app.id);
  }

  /** Provisions one user or group now, whatever the schedule, and reports each step. */
  async provision(idOrName: string, who: PrincipalRef): Promise<OnDemandResult> {
    const app = await this.app(idOrName);
    return provisionOnDemand(this.ctx, app, who);
  }

  /** Allows the held deletions: the next cycle (started now by the caller) runs them. */
  async approveDeletes(idOrName: string): Promise<number> {
    const app = await this.app(idOrName);
    const n = await this.ctx.held.count(app.id);
    if (n) await this.ctx.apps.requestRestart(app.id, [...new Set([...(app.restart ?? []), 'deletes' as const])]);
    return n;
  }

  /** Rejects the held deletions: nothing is sent; the objects stay as they are in the target. */
  async rejectDeletes(idOrName: string): Promise<number> {
    const app = await this.app(idOrName);
    const n = await this.ctx.held.count(app.id);
    await this.ctx.held.remove(app.id);
    return n;
  }

  /** Asks the next cycle to start over (watermark, escrows, quarantine cleared; links kept). */
  async restart(idOrName: string): Promise<App> {
    const app = await this.app(idOrName);
    return this.ctx.apps.requestRestart(app.id, ['watermark', 'escrows', 'quarantine']);
  }

  /** The app's configuration and assignments as JSON, without its secret token. */
  async exportApp(idOrName: string): Promise<AppExport> {
    const app = await this.app(idOrName);
    const assignments = await this.assignments(app.id);
    return {
      scimkit: 'app',
      version: APP_EXPORT_VERSION,
      name: app.name,
      template: app.template,
      targetUrl: app.targetUrl,
      settings: app.settings,
      mappings: app.mappings,
      assignments: assignments.map((a) => ({ type: a.principalType, name: a.name, id: a.principalId, role: a.role })),
    };
  }

  /**
   * Creates an app from an export in a source tenant (Off; without a secret token unless one is given).
   * Assignments are found by name, then by id; those that cannot be found are reported, not fatal.
   */
  async importApp(tenant: string, input: unknown, override: { name?: string; targetUrl?: string; token?: string } = {}): Promise<{ app: App; missing: string[] }> {
    const exp = parseAppExport(input);
    const t = await this.ctx.store.tenants.find(tenant);
    if (!t) throw provError.notFound(`no source tenant with id or name ${JSON.stringify(tenant)}`);
    const template = templateById(exp.template);
    const settings = parseSettings({ ...template.settings, ...exp.settings });
    const mappings = validateMappings(exp.mappings);
    const app = await this.ctx.apps.create({ tenantId: t.id, name: override.name ?? exp.name, template: template.id, targetUrl: override.targetUrl ?? exp.targetUrl, token: override.token ?? '', settings, mappings });
    const missing: string[] = [];
    for (const a of exp.assignments) {
      const who = a.type === 'User' ? { user: a.name } : { group: a.name };
      const byId = a.type === 'User' ? { user: a.id } : { group: a.id };
      try {
        await this.assign(app.id, who, a.role).catch(() => this.assign(app.id, byId, a.role));
      } catch {
        missing.push(`${a.type.toLowerCase()} ${a.name}`);
      }
    }
    return { app, missing };
  }

  /** A user's entitlement to an app (assignment, roles), as the scope step sees it. */
  async entitlement(idOrName: string, userId: string) {
    const app = await this.app(idOrName);
    return new ScopeResolver(app, new SourceDirectory(this.ctx.store, app.tenantId), this.ctx.assignments).user(userId);
  }

  /** Synchronization details: state, progress, counts, last and next cycle, escrow, quarantine, held deletions. */
  async status(idOrName: string): Promise<AppStatusReport> {
    const app = await this.app(idOrName);
    return appStatus(this.ctx, app);
  }

  private async principal(app: App, who: PrincipalRef): Promise<{ id: string; type: 'User' | 'Group' }> {
    const dir = new SourceDirectory(this.ctx.store, app.tenantId);
    if ('user' in who) {
      const u = await dir.findUser(who.user);
      if (!u) throw provError.notFound(`no user with id or userName ${JSON.stringify(who.user)} in the app's source tenant`);
      return { id: u.id, type: 'User' };
    }
    const g = await dir.findGroup(who.group);
    if (!g) throw provError.notFound(`no group with id or displayName ${JSON.stringify(who.group)} in the app's source tenant`);
    return { id: g.id, type: 'Group' };
  }
}
