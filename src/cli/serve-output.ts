import type { AddressInfo } from 'node:net';
import { loadServerConfig, settingSource } from '../config/load-config.js';
import type { ServerConfig } from '../config/server-config.js';
import { describeDatabase, scimUrl, version } from './context.js';
import { CliError } from './errors.js';
import { printLines, shellQuote } from './output.js';

/** How long a stop waits for in-flight requests and the store before exiting anyway. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** A listen failure as a one-line CLI error naming the setting to change (port in use, no such address…). */
export function listenError(err: unknown, config: ServerConfig): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') return new CliError(`cannot listen on ${where}: the port is already in use (choose another with ${settingSource('port')})`);
  if (code === 'EACCES') return new CliError(`cannot listen on ${where}: permission denied (choose a port above 1023 with ${settingSource('port')})`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliError(`cannot listen on ${where}: no such address on this machine (check ${settingSource('host')})`);
  }
  return err;
}

/** Where the server listens, as a URL for people (all interfaces noted). */
export function listeningAddress(addr: AddressInfo | string | null): string {
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

/** What `serve` prints once it listens: where, the SCIM base URL, the database, and the next steps. */
export function printBanner(config: ServerConfig, address: string, tenantCount: number, provisioningProblem?: string): void {
  const lines = [
    `scimkit ${version} is running.`,
    `  Listening on   ${address}`,
    `  Admin console  ${config.baseUrl.replace(/\/+$/, '')}/`,
    `  SCIM base URL  ${scimUrl(config.baseUrl, '<tenant-id>')}`,
    `  Database       ${describeDatabase(config.db)}`,
  ];
  if (config.workers > 1) lines.push(`  Workers        ${config.workers} processes`);
  lines.push(provisioningProblem ? `  Provisioning   off: ${provisioningProblem}` : '  Provisioning   apps that are On are cycled here (see `npx scimkit app list`)');
  if (tenantCount === 0) {
    const flags = followUpFlags(config);
    lines.push(
      '',
      'No tenants yet. Open the admin console above (the first visit creates the first admin), or in another terminal:',
      `  npx scimkit tenant create <name>${flags}`,
      `  npx scimkit token create --tenant <name>${flags}`,
    );
  } else {
    lines.push(`  Tenants        ${tenantCount} (see \`npx scimkit tenant list\`)`);
  }
  lines.push('', 'Press Ctrl+C to stop.');
  printLines(...lines);
}

