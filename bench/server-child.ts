/**
 * scimkit as the benchmark runs it: its own process (so the load generator in the parent does not
 * share its event loop), the product's store and app with the product's defaults, except rate
 * limiting off and warn-level logs. Started by bench/run.ts over IPC; prints nothing when healthy.
 *
 * Usage (from the repository root): node --import tsx bench/server-child.ts --db <sqlite path | postgres url> --port P
 */
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

const store = await openStore(db, { matchMember: memberMatcher });
const app = await buildApp({ store, config });
await app.listen({ port, host: config.host });
process.send?.({ type: 'ready', port });

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
