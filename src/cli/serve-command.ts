import cluster from 'node:cluster';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { loadServerConfig } from '../config/load-config.js';
import type { Store } from '../data/store.js';
import { addBaseUrlOption, addDbOption, openCliStore } from './context.js';
import { CliError, describeError } from './errors.js';
import { printLines } from './output.js';
import { SHUTDOWN_TIMEOUT_MS, listenError, listeningAddress, printBanner } from './serve-output.js';
import { WORKER_ENV, runWorker, runWorkers } from './serve-workers.js';
import { openServedEngine, startScheduler, type ServedProvisioning } from './serve-provisioning.js';

type ServeOptions = Partial<Record<string, string>>;

/** `scimkit serve`. */
export function registerServeCommand(program: Command): void {
  const serve = program
    .command('serve')
    .description('run the SCIM 2.0 server for all tenants')
    .option('--port <port>', 'TCP port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'interface to bind; 0.0.0.0 for all (env SCIMKIT_HOST, default 127.0.0.1)');
  addDbOption(serve);
  addBaseUrlOption(serve);
  serve
    .option('--rate-limit <n>', 'requests per second per token (and per client address without a valid token), 10 s window, 0 = off (env SCIMKIT_RATE_LIMIT, default 100)')
    .option('--max-payload-bytes <n>', 'largest request body (env SCIMKIT_MAX_PAYLOAD_BYTES, default 1048576)')
    .option('--max-bulk-operations <n>', 'most operations in one /Bulk request (env SCIMKIT_MAX_BULK_OPERATIONS, default 1000)')
    .option('--max-results <n>', 'largest page a list returns (env SCIMKIT_MAX_RESULTS, default 1000)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env SCIMKIT_LOG_LEVEL, default info)')
    .option('--workers <n>', 'server processes sharing the port; more use more cores (env SCIMKIT_WORKERS, default 1)')
    .option('--lock-wait-ms <ms>', 'how long a write waits for a SQLite lock held by another process before 503 (env SCIMKIT_LOCK_WAIT_MS, default 5000)')
    .option('--read-budget-ms <ms>', 'how long a read that no index serves may take before 400 tooMany (env SCIMKIT_READ_BUDGET_MS, default 10000)')
    .option('--smtp-url <url>', 'SMTP server for provisioning failure e-mails, smtp:// or smtps:// (env SCIMKIT_SMTP_URL)')
    .option('--mail-from <address>', 'From address of those e-mails (env SCIMKIT_MAIL_FROM)')
    .option('--lease-seconds <s>', "how long an app's cycle lease lasts unrenewed: a killed process's cycle is taken over after it (env SCIMKIT_LEASE_SECONDS, default 30)")
    .action(async (opts: ServeOptions) => {
      await serveUntilStopped(opts);
    });
}

/** Starts the server and resolves once a signal has stopped it cleanly. */
async function serveUntilStopped(opts: ServeOptions): Promise<void> {
  const config = loadServerConfig(opts);
  if (cluster.isWorker && process.env[WORKER_ENV]) return runWorker(config);
  if (config.workers > 1) return runWorkers(config);
  const store = await openCliStore(config.db, { lockWaitMs: config.lockWaitMs, readBudgetMs: config.readBudgetMs, server: true });
  let app: FastifyInstance | undefined;
  let tenantCount: number;
  const opened = await openServedEngine(store, config);
  try {
    tenantCount = (await store.tenants.list()).length;
    const { buildApp } = await import('../server/app.js');
    app = await buildApp({ store, config, provisioning: opened });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw listenError(err, config);
  }
  const provisioning = await startScheduler(opened, app.log);
  opened.trigger = (id) => provisioning.scheduler?.trigger(id);
  const stopped = stopOnSignal(app, store, provisioning);
  printBanner(config, listeningAddress(app.server.address()), tenantCount, opened.problem);
  await stopped;
}

/** Resolves after SIGINT/SIGTERM closed the server (in-flight requests finish) and then the store; a second signal exits at once. */
function stopOnSignal(app: FastifyInstance, store: Store, provisioning: ServedProvisioning): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`scimkit: ${signal} again, exiting without waiting\n`);
        process.exit(130);
      }
      stopping = true;
      printLines(`${signal} received: shutting down…`);
      const timer = setTimeout(() => {
        process.stderr.write(`scimkit: shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s, exiting anyway\n`);
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      void (async () => {
        try {
          await app.close();
          await provisioning.stop();
          await store.close();
          printLines('Stopped.');
          resolve();
        } catch (err) {
          reject(new CliError(`shutdown failed: ${describeError(err)}`));
        } finally {
          clearTimeout(timer);
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      })();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
