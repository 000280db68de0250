import type { ServerConfig } from '../config/server-config.js';
import type { ProvisioningEngine } from '../provisioning/engine.js';
import type { EngineOptions } from '../provisioning/engine-context.js';
import { isProvisioningError } from '../provisioning/errors.js';
import type { Store } from '../data/store.js';
import { CliError } from './errors.js';
import { withStore } from './context.js';

/** Opens the provisioning engine on an open store, with e-mail when an SMTP URL is configured. */
export async function openEngine(store: Store, config: Pick<ServerConfig, 'db' | 'smtpUrl' | 'mailFrom' | 'leaseSeconds'>, extra: Partial<EngineOptions> = {}): Promise<ProvisioningEngine> {
  const [{ ProvisioningEngine }, { smtpMailer }] = await Promise.all([import('../provisioning/engine.js'), import('../provisioning/notify/mailer.js')]);
  try {
    return await ProvisioningEngine.open(store, { dbUrl: config.db, leaseTtlMs: config.leaseSeconds * 1000, ...(config.smtpUrl ? { mailer: smtpMailer(config.smtpUrl, config.mailFrom) } : {}), ...extra });
  } catch (err) {
    throw asCliError(err);
  }
}

/** Turns a provisioning error into the CLI's one-line message: bad input exits 2, anything else 1. */
export function asCliError(err: unknown): unknown {
  if (isProvisioningError(err)) return new CliError(err.message, err.code === 'invalidInput' ? 2 : 1);
  return err;
}

/** Opens the store and the engine, runs `fn`, closes both; provisioning errors become CLI messages. */
export async function withEngine<T>(config: Pick<ServerConfig, 'db' | 'smtpUrl' | 'mailFrom' | 'leaseSeconds'>, fn: (engine: ProvisioningEngine, store: Store) => Promise<T>): Promise<T> {
  return withStore(config.db, { mustExist: true }, async (store) => {
    const engine = await openEngine(store, config);
    try {
      return await fn(engine, store);
    } catch (err) {
      throw asCliError(err);
    } finally {
      engine.ctx.mailer.close();
    }
  });
}
