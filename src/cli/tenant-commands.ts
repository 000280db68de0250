import type { Command } from 'commander';
import { TenantNameTaken } from '../tenants/tenant-store.js';
import { addBaseUrlOption, addDbOption, addJsonOption, commandConfig, scimUrl, withStore, type StoreOptions } from './context.js';
import { CliError, usageError } from './errors.js';
import { formatTime, printJson, printLines, printTable, shellQuote } from './output.js';

/** `scimkit tenant create|list`. */
export function registerTenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('create and list tenants (each one an isolated SCIM directory)');

  const create = tenant
    .command('create')
    .description('create a tenant and print its SCIM base URL')
    .argument('<name>', 'a unique name, e.g. "Acme Corp" (case-insensitive)');
  addDbOption(create);
  addBaseUrlOption(create);
  addJsonOption(create).action(async (name: string, opts: StoreOptions) => {
    const config = commandConfig(opts);
    const created = await withStore(config.db, {}, async (store) => {
      try {
        return await store.tenants.create(name);
      } catch (err) {
        if (err instanceof TenantNameTaken) throw new CliError(err.message);
        if (err instanceof RangeError) throw usageError(err.message);
        throw err;
      }
    });
    const url = scimUrl(config.baseUrl, created.id);
    if (opts.json) {
      printJson({ id: created.id, name: created.name, scimUrl: url });
      return;
    }
    const dbFlag = opts.db === undefined ? '' : ` --db ${shellQuote(opts.db)}`;
    printLines(
      `Created tenant ${JSON.stringify(created.name)}.`,
      `  Tenant id      ${created.id}`,
      `  SCIM base URL  ${url}`,
      '',
      'Next, create a token for your identity provider:',
      `  npx scimkit token create --tenant ${shellQuote(created.name)}${dbFlag}`,
    );
  });

  const list = tenant.command('list').description('list all tenants, oldest first');
  addDbOption(list);
  addBaseUrlOption(list);
  addJsonOption(list).action(async (opts: StoreOptions) => {
    const config = commandConfig(opts);
    const tenants = await withStore(config.db, { mustExist: true }, (store) => store.tenants.list());
    const rows = tenants.map((t) => ({ id: t.id, name: t.name, scimUrl: scimUrl(config.baseUrl, t.id), createdAt: t.createdAt }));
    if (opts.json) {
      printJson({ tenants: rows });
      return;
    }
    if (rows.length === 0) {
      printLines('No tenants yet. Create one with: scimkit tenant create <name>');
      return;
    }
    printTable(
      ['ID', 'NAME', 'CREATED', 'SCIM BASE URL'],
      rows.map((r) => [r.id, r.name, formatTime(r.createdAt), r.scimUrl]),
    );
  });
}
