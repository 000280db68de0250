import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config/server-config.js';
import type { CycleScheduler } from '../jobs/cycle-scheduler.js';
import type { ProvisioningEngine } from '../provisioning/engine.js';
import type { ServedEngine } from '../server/app.js';
import type { Store } from '../data/store.js';
import { describeError } from './errors.js';
import { openEngine } from './open-engine.js';

/** The engine a server runs, if it could open, and its scheduler. */
export interface ServedProvisioning {
  engine?: ProvisioningEngine;
  /** Why the engine is off (no secret key for PostgreSQL, say), for the banner. */
  problem?: string;
  scheduler: CycleScheduler | undefined;
  stop(): Promise<void>;
}

/**
 * Opens the provisioning engine for `scimkit serve`. A server that cannot open it (PostgreSQL without
 * SCIMKIT_SECRET_KEY) still serves SCIM, and says why provisioning is off.
 */
export async function openServedEngine(store: Store, config: ServerConfig): Promise<ServedEngine> {
  try {
    return { engine: await openEngine(store, config), problem: undefined };
  } catch (err) {
    return { engine: undefined, problem: describeError(err) };
  }
}

/** Starts cycling the apps that are On, in this process; every server process does, and each app's lease keeps one cycle at a time. */
export async function startScheduler(opened: ServedEngine, log: FastifyBaseLogger): Promise<ServedProvisioning> {
  if (!opened.engine) return { ...opened, scheduler: undefined, stop: async () => undefined };
  const { inProcessScheduler } = await import('../jobs/cycle-scheduler.js');
  const scheduler = inProcessScheduler(opened.engine, { log });
  scheduler.start();
  return {
    ...opened,
    scheduler,
    stop: async () => {
      await scheduler.stop();
      opened.engine?.ctx.mailer.close();
    },
  };
}
