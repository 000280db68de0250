import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { VERSION } from '../server/version.js';
import { loadServerConfig } from '../config/load-config.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Store } from '../data/store.js';
import type { Tenant } from '../tenants/tenant-store.js';
import { loadPg } from '../store/load-pg.js';
import { CliError, describeError } from './errors.js';

/** scimkit's version, from package.json. */
export const version: string = VERSION;

/** The options every store-using command shares. */
export interface StoreOptions {
  db?: string;
  baseUrl?: string;
  json?: boolean;
}

/** Adds `--db`, which every command takes, with one help text. */
export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <path-or-url>', 'SQLite file or postgres:// URL (env SCIMKIT_DB, default ./data/scimkit.db)');
}

/** Adds `--base-url` to commands that print SCIM URLs. */
export function addBaseUrlOption(cmd: Command): Command {
  return cmd.option('--base-url <url>', 'public base URL used in printed SCIM URLs (env SCIMKIT_BASE_URL, default http://<host>:<port>)');
}

/** Adds `--json`, for commands scripts read. */
export function addJsonOption(cmd: Command): Command {
  return cmd.option('--json', 'print one JSON object instead of text');
}

/** The settings a store command needs, read like `serve` reads them so printed URLs match the running server. */
export function commandConfig(opts: StoreOptions): ServerConfig {
  return loadServerConfig({ db: opts.db, baseUrl: opts.baseUrl });
}

/** The SCIM base URL of one tenant. */
export function scimUrl(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/scim/v2/${tenantId}`;
}

const isPostgres = (db: string) => /^postgres(ql)?:\/\//i.test(db);
const sqliteFile = (db: string) => db.replace(/^sqlite:(\/\/)?/i, '');

/** The database for people to read: a postgres URL with its password masked, or the SQLite file's full path. */
export function describeDatabase(db: string): string {
  if (isPostgres(db)) {
    try {
      const u = new URL(db);
      if (u.password) u.password = '****';
      return `PostgreSQL ${u.toString()}`;
    } catch {
      return 'PostgreSQL (unparsable URL)';
    }
  }
  const file = sqliteFile(db);
  return file === ':memory:' ? 'SQLite in memory (nothing is kept)' : `SQLite file ${resolve(file)}`;
}

/** Fails fast, with the driver's own reason, when PostgreSQL cannot be reached, instead of hanging on an unreachable host. */
async function probePostgres(db: string): Promise<void> {
  const pg = loadPg();
  const client = new pg.Client({ connectionString: db, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Opens (and migrates) the store, turning every failure into one readable line.
 * `mustExist` refuses to create a new SQLite file: reading commands given a mistyped path should say so, not print an empty list.
 */
export async function openCliStore(db: string, opts: { mustExist?: boolean; poolSize?: number; lockWaitMs?: number; readBudgetMs?: number; server?: boolean } = {}): Promise<Store> {
  if (opts.mustExist && !isPostgres(db)) {
    const file = sqliteFile(db);
    if (file !== ':memory:' && !existsSync(file)) {
      throw new CliError(`no database at ${resolve(file)}: check --db / SCIMKIT_DB (\`npx scimkit tenant create\` or \`npm start\` creates it)`);
    }
  }
  try {
    // The probe waits on PostgreSQL while the store's modules load.
    const [{ openStore }, { memberMatcher }] = await Promise.all([import('../data/store.js'), import('../server/member-matcher.js'), isPostgres(db) ? probePostgres(db) : undefined]);
    return await openStore(db, { matchMember: memberMatcher, poolSize: opts.poolSize, lockWaitMs: opts.lockWaitMs, reads: { budgetMs: opts.readBudgetMs }, backgroundCheckpoints: opts.server });
  } catch (err) {
    throw new CliError(`cannot open database (${describeDatabase(db)}): ${describeError(err)}`);
  }
}

/** Opens the store, runs `fn`, and always closes the store again. */
export async function withStore<T>(db: string, opts: { mustExist?: boolean }, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCliStore(db, { ...opts, poolSize: 2 });
  try {
    return await fn(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** A tenant by id or (case-insensitive) name, or a runtime error naming what was asked for. */
export async function requireTenant(store: Store, idOrName: string): Promise<Tenant> {
  const tenant = await store.tenants.find(idOrName);
  if (!tenant) throw new CliError(`no tenant with id or name ${JSON.stringify(idOrName)} (see \`npx scimkit tenant list\`)`);
  return tenant;
}
