import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { loadServerConfig, settingSource } from '../config/load-config.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Store } from '../store/store.js';
import { addBaseUrlOption, addDbOption, describeDatabase, openCliStore, scimUrl, version } from './context.js';
import { CliError, describeError } from './errors.js';
import { printLines, shellQuote } from './output.js';

type ServeOptions = Partial<Record<string, string>>;

const SHUTDOWN_TIMEOUT_MS = 10_000;

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
    .option('--rate-limit <n>', 'requests per second per token, 0 = off (env SCIMKIT_RATE_LIMIT, default 100)')
    .option('--max-payload-bytes <n>', 'largest request body (env SCIMKIT_MAX_PAYLOAD_BYTES, default 1048576)')
    .option('--max-bulk-operations <n>', 'most operations in one /Bulk request (env SCIMKIT_MAX_BULK_OPERATIONS, default 1000)')
    .option('--max-results <n>', 'largest page a list returns (env SCIMKIT_MAX_RESULTS, default 1000)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env SCIMKIT_LOG_LEVEL, default info)')
    .action(async (opts: ServeOptions) => {
      await serveUntilStopped(opts);
    });
}

/** Starts the server and resolves once a signal has stopped it cleanly. */
async function serveUntilStopped(opts: ServeOptions): Promise<void> {
  const config = loadServerConfig(opts);
  const store = await openCliStore(config.db);
  let app: FastifyInstance | undefined;
  let tenantCount: number;
  try {
    tenantCount = (await store.tenants.list()).length;
    const { buildApp } = await import('../server/app.js');
    app = await buildApp({ store, config });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw listenError(err, config);
  }
  const stopped = stopOnSignal(app, store);
  printBanner(config, app, tenantCount);
  await stopped;
}

function listenError(err: unknown, config: ServerConfig): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') return new CliError(`cannot listen on ${where}: the port is already in use (choose another with ${settingSource('port')})`);
  if (code === 'EACCES') return new CliError(`cannot listen on ${where}: permission denied (choose a port above 1023 with ${settingSource('port')})`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliError(`cannot listen on ${where}: no such address on this machine (check ${settingSource('host')})`);
  }
  return err;
}

function listeningAddress(app: FastifyInstance): string {
  const addr = app.server.address() as AddressInfo | null;
  if (!addr || typeof addr === 'string') return String(addr);
  const host = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  const all = addr.address === '0.0.0.0' || addr.address === '::' ? ' (all interfaces)' : '';
  return `http://${host}:${addr.port}${all}`;
}

/** The flags a follow-up command needs so it reaches the same database and prints the same URLs as this server. */
function followUpFlags(config: ServerConfig): string {
  let fromEnv: ServerConfig | undefined;
  try {
    fromEnv = loadServerConfig({});
  } catch {
    fromEnv = undefined;
  }
  let flags = '';
  if (config.db !== fromEnv?.db) {
    // Never echo a password into a terminal or a log; the admin knows the URL they passed.
    const hasPassword = /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/i.test(config.db);
    flags += ` --db ${hasPassword ? '<database-url>' : shellQuote(config.db)}`;
  }
  if (config.baseUrl !== fromEnv?.baseUrl) flags += ` --base-url ${shellQuote(config.baseUrl)}`;
  return flags;
}

function printBanner(config: ServerConfig, app: FastifyInstance, tenantCount: number): void {
  const lines = [
    `scimkit ${version} is running.`,
    `  Listening on   ${listeningAddress(app)}`,
    `  SCIM base URL  ${scimUrl(config.baseUrl, '<tenant-id>')}`,
    `  Database       ${describeDatabase(config.db)}`,
  ];
  if (tenantCount === 0) {
    const flags = followUpFlags(config);
    lines.push(
      '',
      'No tenants yet. In another terminal, create one and a token for it:',
      `  npx scimkit tenant create <name>${flags}`,
      `  npx scimkit token create --tenant <name>${flags}`,
    );
  } else {
    lines.push(`  Tenants        ${tenantCount} (see \`npx scimkit tenant list\`)`);
  }
  lines.push('', 'Press Ctrl+C to stop.');
  printLines(...lines);
}

/** Resolves after SIGINT/SIGTERM closed the server (in-flight requests finish) and then the store; a second signal exits at once. */
function stopOnSignal(app: FastifyInstance, store: Store): Promise<void> {
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
