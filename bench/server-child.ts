/**
 * scimkit as the benchmark runs it: its own process (so the load generator in the parent does not
 * share its event loop), the product's store and app with the product's defaults, except rate
 * limiting off and warn-level logs. Started by bench/run.ts over IPC; prints nothing when healthy.
 *
 * Usage (from the repository root): node --import tsx bench/server-child.ts --db <sqlite path | postgres url> --port P [--workers N]
 */
import cluster from 'node:cluster';
import { defaultServerConfig, type ServerConfig } from '../src/config/server-config.js';
import { buildApp } from '../src/server/app.js';
import { memberMatcher } from '../src/server/member-matcher.js';
import { openStore } from '../src/store/store.js';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`server-child: missing --${name}`);
  return v;
}

const db = arg('db');
const port = Number(arg('port'));
const config: ServerConfig = {
  ...defaultServerConfig,
  db,
  port,
  host: '127.0.0.1',
  baseUrl: `http://127.0.0.1:${port}`,
  rateLimitPerSecond: 0,
  logLevel: 'warn',
};

const workers = process.argv.includes('--workers') ? Number(arg('workers')) : 1;

if (workers > 1 && cluster.isPrimary) {
  // As `scimkit serve --workers N` runs: N servers share the port; ready once all listen.
  let listening = 0;
  for (let i = 0; i < workers; i++) cluster.fork().once('listening', () => ++listening === workers && process.send?.({ type: 'ready', port }));
  const stopAll = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.on('message', (msg: { type?: string }) => msg?.type === 'stop' && stopAll());
  process.on('disconnect', stopAll);
  process.on('SIGTERM', stopAll);
} else {
  await serve();
}

// One server process: the product's store and app, stopped by the parent (or by the cluster primary).
async function serve(): Promise<void> {
  const store = await openStore(db, { matchMember: memberMatcher });
  const app = await buildApp({ store, config });
  await app.listen({ port, host: config.host });
  if (cluster.isPrimary) process.send?.({ type: 'ready', port });

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    process.exit(0);
  }
  process.on('message', (msg: { type?: string }) => {
    if (msg?.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
}
