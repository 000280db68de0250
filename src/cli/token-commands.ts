import type { Command } from 'commander';
import { parseToken } from '../tenants/token-secret.js';
import type { TokenInfo } from '../tenants/token-store.js';
import { addBaseUrlOption, addDbOption, addJsonOption, commandConfig, requireTenant, scimUrl, withStore, type StoreOptions } from './context.js';
import { CliError, usageError } from './errors.js';
import { formatTime, printJson, printLines, printTable, shellQuote } from './output.js';

interface TokenCreateOptions extends StoreOptions {
  tenant: string;
  name?: string;
  expires?: string;
}

interface TokenListOptions extends StoreOptions {
  tenant: string;
}

const MAX_EXPIRY_DAYS = 36_500;

/** `--expires <days>`: a whole number of days from now, at least 1. */
export function parseExpiryDays(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const days = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    throw usageError(`--expires must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}, got ${JSON.stringify(raw)}`);
  }
  return days;
}

function status(t: TokenInfo, now: string): string {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt <= now) return 'expired';
  return 'active';
}

/** `scimkit token create|list|revoke`. */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('create, list and revoke the bearer tokens identity providers use');

  const create = token
    .command('create')
    .description('create a bearer token for a tenant (the secret is shown only this once)')
    .requiredOption('--tenant <id|name>', 'the tenant the token grants access to')
    .option('--name <label>', 'a label to recognise the token by, e.g. "okta-prod"')
    .option('--expires <days>', 'expire the token this many days from now (default: never)');
  addDbOption(create);
  addBaseUrlOption(create);
  addJsonOption(create).action(async (opts: TokenCreateOptions) => {
    const expiresInDays = parseExpiryDays(opts.expires);
    if (opts.name !== undefined && opts.name.trim().length > 200) throw usageError('--name is at most 200 characters');
    const config = commandConfig(opts);
    const { tenant, created } = await withStore(config.db, { mustExist: true }, async (store) => {
      const tenant = await requireTenant(store, opts.tenant);
      return { tenant, created: await store.tokens.create(tenant.id, { name: opts.name, expiresInDays }) };
    });
    const url = scimUrl(config.baseUrl, tenant.id);
    const { info } = created;
    if (opts.json) {
      printJson({ id: info.id, token: created.token, tenantId: info.tenantId, name: info.name, expiresAt: info.expiresAt, scimUrl: url });
      return;
    }
    const dbFlag = opts.db === undefined ? '' : ` --db ${shellQuote(opts.db)}`;
    printLines(
      `Created token ${JSON.stringify(info.name)} (id ${info.id}) for tenant ${JSON.stringify(tenant.name)}.`,
      '',
      `  ${created.token}`,
      '',
      'This token is shown only once: copy it now into your identity provider. scimkit keeps only a hash of it.',
      info.expiresAt ? `It expires at ${formatTime(info.expiresAt)}.` : 'It does not expire; revoke it when it is no longer needed.',
      '',
      'Configure your identity provider with:',
      `  SCIM base URL  ${url}`,
      `  HTTP header    Authorization: Bearer ${created.token}`,
      '',
      'Try it:',
      `  curl -H ${shellQuote(`Authorization: Bearer ${created.token}`)} ${url}/ServiceProviderConfig`,
      '',
      `Revoke it with: npx scimkit token revoke ${info.id}${dbFlag}`,
    );
  });

  const list = token
    .command('list')
    .description("list a tenant's tokens, newest first (never their secrets)")
    .requiredOption('--tenant <id|name>', 'the tenant whose tokens to list');
  addDbOption(list);
  addJsonOption(list).action(async (opts: TokenListOptions) => {
    const config = commandConfig(opts);
    const { tenant, tokens } = await withStore(config.db, { mustExist: true }, async (store) => {
      const tenant = await requireTenant(store, opts.tenant);
      return { tenant, tokens: await store.tokens.list(tenant.id) };
    });
    if (opts.json) {
      printJson({
        tokens: tokens.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt, expiresAt: t.expiresAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt })),
      });
      return;
    }
    if (tokens.length === 0) {
      printLines(`Tenant ${JSON.stringify(tenant.name)} has no tokens. Create one with: scimkit token create --tenant ${shellQuote(tenant.name)}`);
      return;
    }
    const now = new Date().toISOString();
    printTable(
      ['ID', 'NAME', 'STATUS', 'CREATED', 'EXPIRES', 'LAST USED'],
      tokens.map((t) => [t.id, t.name, status(t, now), formatTime(t.createdAt), formatTime(t.expiresAt, 'never'), formatTime(t.lastUsedAt, 'never')]),
    );
  });

  const revoke = token
    .command('revoke')
    .description('revoke a token at once (requests using it get 401 from then on)')
    .argument('<tokenId>', 'the token id from `scimkit token list` (the full token string works too)');
  addDbOption(revoke);
  addJsonOption(revoke).action(async (tokenId: string, opts: StoreOptions) => {
    // Someone holding the whole secret string can revoke with it: the id is embedded in it.
    const id = parseToken(tokenId.trim())?.id ?? tokenId.trim();
    const config = commandConfig(opts);
    const revoked = await withStore(config.db, { mustExist: true }, (store) => store.tokens.revoke(id));
    if (!revoked) throw new CliError(`no token with id ${JSON.stringify(id)} (see \`scimkit token list --tenant <tenant>\`)`);
    if (opts.json) {
      printJson({ id: revoked.id, revokedAt: revoked.revokedAt });
      return;
    }
    printLines(`Token ${revoked.id} (${JSON.stringify(revoked.name)}) is revoked since ${formatTime(revoked.revokedAt)}.`);
  });
}
