import type { Command } from 'commander';
import { addDbOption, addJsonOption, commandConfig, withStore, type StoreOptions } from './context.js';
import { CliError } from './errors.js';
import { formatTime, printJson, printLines, printTable } from './output.js';

/** `scimkit admin-key create|list|revoke`: keys for the admin REST API (never SCIM tokens). */
export function registerAdminKeyCommands(program: Command): void {
  const keys = program.command('admin-key').description('create, list and revoke keys for the admin REST API (/admin/v1)');
  const open = async () => (await import('../admin/admin-key-store.js')).AdminKeyStore;

  const create = keys.command('create').description('create an admin API key (shown only this once)').option('--name <label>', 'a label to recognise the key by');
  addDbOption(create);
  addJsonOption(create).action(async (opts: StoreOptions & { name?: string }) => {
    const config = commandConfig(opts);
    const AdminKeyStore = await open();
    const { info, key } = await withStore(config.db, {}, async (store) => (await AdminKeyStore.open(store.db)).create(opts.name));
    if (opts.json) return printJson({ ...info, key });
    printLines(`Created admin key ${info.id} (${info.name}). Copy it now; it is not shown again:`, '', `  ${key}`, '', `Use it as "Authorization: Bearer <key>" on ${config.baseUrl}/admin/v1 (API description: /admin/v1/openapi.json).`);
  });

  const list = keys.command('list').description('list admin API keys (never their secrets)');
  addDbOption(list);
  addJsonOption(list).action(async (opts: StoreOptions) => {
    const AdminKeyStore = await open();
    const rows = await withStore(commandConfig(opts).db, { mustExist: true }, async (store) => (await AdminKeyStore.open(store.db)).list());
    if (opts.json) return printJson({ keys: rows });
    if (!rows.length) return printLines('No admin keys yet: scimkit admin-key create');
    printTable(['ID', 'NAME', 'CREATED', 'LAST USED', 'STATUS'], rows.map((k) => [k.id, k.name, formatTime(k.createdAt), formatTime(k.lastUsedAt), k.revokedAt ? 'revoked' : 'active']));
  });

  const revoke = keys.command('revoke').description('revoke an admin API key at once').argument('<id>', 'the key id (see admin-key list)');
  addDbOption(revoke);
  addJsonOption(revoke).action(async (id: string, opts: StoreOptions) => {
    const AdminKeyStore = await open();
    const info = await withStore(commandConfig(opts).db, { mustExist: true }, async (store) => (await AdminKeyStore.open(store.db)).revoke(id));
    if (!info) throw new CliError(`no admin key with id ${JSON.stringify(id)} (see \`scimkit admin-key list\`)`);
    if (opts.json) return printJson({ ...info });
    printLines(`Revoked admin key ${info.id} (${info.name}).`);
  });
}
