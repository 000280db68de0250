import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../store/dialect.js';
import type { ProvDb } from '../db/migrate.js';
import type { ProvAppsTable } from '../db/tables.js';
import { provError } from '../errors.js';
import type { AppMappings } from '../mapping/mapping-types.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { appSettingsSchema, type AppSettings } from './app-settings.js';
import type { App, AppStatus, RestartScope } from './app-types.js';
import { checkTargetUrl } from './target-url.js';

/** The provisioning tables each app owns rows in; deleting an app empties them all. */
const OWNED_TABLES = ['prov_assignments', 'prov_dirty', 'prov_links', 'prov_link_members', 'prov_escrows', 'prov_held_deletes', 'prov_cycles', 'prov_logs'] as const;

/** What creating an app needs; settings and mappings come from the template unless given. */
export interface NewApp {
  tenantId: string;
  name: string;
  template: string;
  targetUrl: string;
  token: string;
  settings: AppSettings;
  mappings: AppMappings;
}

function toApp(r: ProvAppsTable): App {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    template: r.template,
    targetUrl: r.target_url,
    settings: appSettingsSchema.parse(JSON.parse(r.settings)),
    mappings: JSON.parse(r.mappings) as AppMappings,
    status: r.status as AppStatus,
    configVersion: r.config_version,
    watermark: Number(r.watermark),
    evaluatedVersion: r.evaluated_version,
    restart: r.restart ? (JSON.parse(r.restart) as RestartScope[]) : null,
    quarantine: r.quarantine_reason ? { reason: r.quarantine_reason, detail: r.quarantine_detail, since: r.quarantine_since!, mailed: r.quarantine_mailed } : null,
    nextCycleAt: r.next_cycle_at,
    lastCycleId: r.last_cycle_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function checkName(name: string): string {
  const clean = name.trim();
  if (!clean) throw provError.invalid('an app needs a non-empty name');
  if (clean.length > 200) throw provError.invalid('an app name is at most 200 characters');
  return clean;
}

/** Apps: their configuration, their encrypted secret token, and the engine's per-app state (watermark, quarantine, lease). */
export class AppStore {
  constructor(private readonly db: ProvDb, private readonly box: SecretBox, private readonly now: () => Date = () => new Date()) {}

  /** Creates an app (status Off); names are unique regardless of case. */
  async create(input: NewApp): Promise<App> {
    const id = randomUUID();
    const at = this.now().toISOString();
    const name = checkName(input.name);
    await this.assertNameFree(name);
    const row: ProvAppsTable = {
      id,
      tenant_id: input.tenantId,
      name,
      name_lc: name.toLowerCase(),
      template: input.template,
      target_url: checkTargetUrl(input.targetUrl),
      // An app imported from an export has no token until one is set: '' marks that.
      token_enc: input.token.trim() ? this.box.seal(input.token.trim(), id) : '',
      settings: JSON.stringify(input.settings),
      mappings: JSON.stringify(input.mappings),
      config_version: 1,
      status: 'off',
      watermark: 0,
      evaluated_version: 0,
      restart: null,
      quarantine_reason: null,
      quarantine_detail: null,
      quarantine_since: null,
      quarantine_mailed: null,
      lease_holder: null,
      lease_until: null,
      next_cycle_at: null,
      last_cycle_id: null,
      created_at: at,
      updated_at: at,
    };
    try {
      await this.db.insertInto('prov_apps').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw provError.conflict(`an app named ${JSON.stringify(name)} already exists`);
      throw err;
    }
    return toApp(row);
  }

  /** An app by id, or by name (case-insensitive). */
  async find(idOrName: string): Promise<App | undefined> {
    const row = await this.db
      .selectFrom('prov_apps')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name_lc', '=', idOrName.trim().toLowerCase())]))
      .executeTakeFirst();
    return row && toApp(row);
  }

  /** An app by id or name, or a not-found error naming what was asked for. */
  async require(idOrName: string): Promise<App> {
    const app = await this.find(idOrName);
    if (!app) throw provError.notFound(`no app with id or name ${JSON.stringify(idOrName)}`);
    return app;
  }

  /** Every app, or those of one source tenant, by name. */
  async list(tenantId?: string): Promise<App[]> {
    let q = this.db.selectFrom('prov_apps').selectAll();
    if (tenantId) q = q.where('tenant_id', '=', tenantId);
    return (await q.orderBy('name_lc').execute()).map(toApp);
  }

  /** The decrypted secret token, for the outbound client only; never printed, logged or returned. */
  async token(appId: string): Promise<string> {
    const row = await this.db.selectFrom('prov_apps').select(['token_enc', 'name']).where('id', '=', appId).executeTakeFirstOrThrow();
    if (!row.token_enc) throw provError.invalid(`the app ${JSON.stringify(row.name)} has no secret token yet: set one with \`scimkit app set <app> --token <secret>\``);
    return this.box.open(row.token_enc, appId);
  }

  /** Renames an app. */
  async rename(appId: string, name: string): Promise<App> {
    const clean = checkName(name);
    await this.assertNameFree(clean, appId);
    return this.patch(appId, { name: clean, name_lc: clean.toLowerCase() });
  }

  /** Replaces the admin credentials (Tenant URL and/or Secret Token). */
  async setCredentials(appId: string, creds: { targetUrl?: string; token?: string }): Promise<App> {
    const set: Partial<ProvAppsTable> = {};
    if (creds.targetUrl !== undefined) set.target_url = checkTargetUrl(creds.targetUrl);
    if (creds.token !== undefined) {
      if (!creds.token.trim()) throw provError.invalid('the secret token is empty');
      set.token_enc = this.box.seal(creds.token.trim(), appId);
    }
    return this.patch(appId, set);
  }

  /** Saves settings; a change of scope counts as a configuration change (the next cycle re-evaluates everyone, unlike Entra, which needs a manual restart). */
  async setSettings(appId: string, settings: AppSettings): Promise<App> {
    const current = await this.requireById(appId);
    const scopeChanged = current.settings.scope !== settings.scope;
    return this.patch(appId, { settings: JSON.stringify(settings) }, scopeChanged);
  }

  /** Saves mappings and scoping filters: as in Entra, this starts a full re-evaluation. */
  async setMappings(appId: string, mappings: AppMappings): Promise<App> {
    return this.patch(appId, { mappings: JSON.stringify(mappings) }, true);
  }

  /** Turns provisioning On or Off. Off stops future cycles; a running one finishes, as in Entra. */
  async setStatus(appId: string, status: AppStatus): Promise<App> {
    return this.patch(appId, { status, ...(status === 'on' ? { next_cycle_at: this.now().toISOString() } : {}) });
  }

  /** Asks the next cycle to reset these parts of the app's state first (Restart provisioning). */
  async requestRestart(appId: string, scopes: RestartScope[]): Promise<App> {
    return this.patch(appId, { restart: JSON.stringify(scopes), next_cycle_at: this.now().toISOString() });
  }

  /** Writes engine state columns (watermark, quarantine, schedule); not for admin input. */
  async saveState(appId: string, set: Partial<Pick<ProvAppsTable, 'watermark' | 'evaluated_version' | 'restart' | 'quarantine_reason' | 'quarantine_detail' | 'quarantine_since' | 'quarantine_mailed' | 'next_cycle_at' | 'last_cycle_id' | 'status'>>): Promise<void> {
    await this.db.updateTable('prov_apps').set(set).where('id', '=', appId).execute();
  }

  /** Deletes an app and everything the engine kept for it; the target is not touched. */
  async delete(appId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of OWNED_TABLES) await trx.deleteFrom(table).where('app_id', '=', appId).execute();
      await trx.deleteFrom('prov_apps').where('id', '=', appId).execute();
    });
  }

  private async requireById(appId: string): Promise<App> {
    const row = await this.db.selectFrom('prov_apps').selectAll().where('id', '=', appId).executeTakeFirst();
    if (!row) throw provError.notFound(`no app with id ${appId}`);
    return toApp(row);
  }

  private async patch(appId: string, set: Partial<ProvAppsTable>, configChange = false): Promise<App> {
    await this.db
      .updateTable('prov_apps')
      .set((eb) => ({ ...set, updated_at: this.now().toISOString(), ...(configChange ? { config_version: eb('config_version', '+', 1) } : {}) }))
      .where('id', '=', appId)
      .execute();
    return this.requireById(appId);
  }

  private async assertNameFree(name: string, except?: string): Promise<void> {
    let q = this.db.selectFrom('prov_apps').select('id').where('name_lc', '=', name.toLowerCase());
    if (except) q = q.where('id', '!=', except);
    if (await q.executeTakeFirst()) throw provError.conflict(`an app named ${JSON.stringify(name)} already exists`);
  }
}
