import cluster, { type Address, type Worker } from 'node:cluster';
import type { ServerConfig } from '../config/server-config.js';
import { openCliStore } from './context.js';
import { CliError, describeError } from './errors.js';
import { printLines } from './output.js';
import { SHUTDOWN_TIMEOUT_MS, listenError, listeningAddress, printBanner } from './serve-output.js';
import { openServedEngine, startScheduler } from './serve-provisioning.js';

/** Set in a worker's environment by the primary, so `serve` in that process runs as a worker. */
export const WORKER_ENV = 'SCIMKIT_SERVE_WORKER';

// A worker that keeps dying (a broken database, a full disk) must not be restarted forever.
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/**
 * `serve --workers N`: the primary process migrates the database, forks N workers that share the port
 * (Node's cluster hands each new connection to the next worker), prints the banner once all listen,
 * replaces a worker that dies, and stops them all on SIGINT/SIGTERM. Each worker is a whole server
 * with its own store; they meet only in the database, which serialises their writes (SQLite's write
 * lock, PostgreSQL's row locks), so the change feed stays gap-free.
 */
export async function runWorkers(config: ServerConfig): Promise<void> {
  const store = await openCliStore(config.db);
  let tenantCount: number;
  try {
    tenantCount = (await store.tenants.list()).length;
  } finally {
    await store.close();
  }
  return new Promise<void>((resolve, reject) => {
    const workers = new Set<Worker>();
    const restarts: number[] = [];
    let listening = 0;
    let started = false;
    let stopping = false;
    let failure: unknown;

    const stopAll = (err?: unknown) => {
      if (stopping) return;
      stopping = true;
      failure = err;
      const timer = setTimeout(() => {
        process.stderr.write(`scimkit: workers took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s to stop, killing them\n`);
        for (const w of workers) w.process.kill('SIGKILL');
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      for (const w of workers) w.process.kill('SIGTERM');
      if (workers.size === 0) settle();
    };
    const settle = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (failure) return reject(failure);
      printLines('Stopped.');
      resolve();
    };
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        process.stderr.write(`scimkit: ${signal} again, exiting without waiting\n`);
        for (const w of workers) w.process.kill('SIGKILL');
        process.exit(130);
      }
      signalled = true;
      printLines(`${signal} received: shutting down…`);
      stopAll();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const fork = () => {
      const worker = cluster.fork({ [WORKER_ENV]: '1' });
      workers.add(worker);
      worker.on('message', (msg: { type?: string; message?: string }) => {
        if (msg?.type === 'failed') stopAll(new CliError(msg.message ?? 'a worker could not start'));
      });
      worker.once('listening', (address: Address) => {
        if (started || ++listening < config.workers) return;
        started = true;
        const family = address.addressType === 6 ? 'IPv6' : 'IPv4';
        printBanner(config, listeningAddress({ address: address.address ?? config.host, port: address.port, family }), tenantCount);
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (stopping) {
          if (workers.size === 0) settle();
          return;
        }
        if (!started) return stopAll(new CliError(`a worker exited before it was listening (${signal ?? `exit code ${code}`})`));
        // A worker stops cleanly only when told to: Ctrl+C reaches the whole process group, and its
        // worker may finish before this process has handled the same signal. Stop, don't replace it.
        if (code === 0 && !signal) return stopAll();
        const now = Date.now();
        restarts.push(now);
        while (restarts.length && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length > MAX_RESTARTS) return stopAll(new CliError(`workers keep exiting (${restarts.length} in a minute); stopping`));
        process.stderr.write(`scimkit: worker ${worker.process.pid} exited (${signal ?? `exit code ${code}`}); starting another\n`);
        fork();
      });
    };
    for (let i = 0; i < config.workers; i++) fork();
  });
}

/** One worker of `serve --workers N`: a whole server on the shared port, stopped by SIGTERM/SIGINT or by losing its primary. */
export async function runWorker(config: ServerConfig): Promise<void> {
  const store = await openCliStore(config.db, { lockWaitMs: config.lockWaitMs, readBudgetMs: config.readBudgetMs, server: true });
  const { buildApp } = await import('../server/app.js');
  const opened = await openServedEngine(store, config);
  const app = await buildApp({ store, config, provisioning: opened });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    // Exit only once the primary has the reason, so it can print it rather than a bare exit code.
    const message = { type: 'failed', message: describeError(listenError(err, config)) };
    await new Promise<void>((resolve) => (process.send ? process.send(message, undefined, undefined, () => resolve()) : resolve()));
    process.exit(1);
  }
  const provisioning = await startScheduler(opened, app.log);
  opened.trigger = (id) => provisioning.scheduler?.trigger(id);
  let stopping = false;
  // Ctrl+C reaches every process of the group, and the primary sends SIGTERM too: stop once.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await app.close().catch(() => undefined);
      await provisioning.stop().catch(() => undefined);
      await store.close().catch(() => undefined);
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  await new Promise<never>(() => undefined);
}
