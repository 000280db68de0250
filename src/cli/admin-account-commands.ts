import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { addDbOption, addJsonOption, commandConfig, withStore, type StoreOptions } from './context.js';
import { CliError } from './errors.js';
import { formatTime, printJson, printLines, printTable } from './output.js';

// A password from standard input: the first line when piped; typed without echo at a terminal.
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += chunk;
    return text.split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: stdin, output: process.stderr, terminal: true });
      const out = rl as unknown as { _writeToOutput(s: string): void };
      out._writeToOutput = (s: string) => process.stderr.write(s.startsWith(prompt) ? prompt : '');
      rl.question(prompt, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  if ((await ask('Again: ')) !== first) throw new CliError('the two passwords differ; nothing was created');
  return first;
}

/** `scimkit admin create|list`: the console's admin accounts (the first one may also be made in the console on first run). */
export function registerAdminAccountCommands(program: Command): void {
  const admin = program.command('admin').description('console admin accounts: create, list');
  const open = async () => (await import('../admin/admin-account-store.js'));

  const create = admin
    .command('create')
    .description('create a console admin account; the password is read from standard input (typed without echo at a terminal)')
    .argument('<username>', 'the name to sign in with');
  addDbOption(create);
  addJsonOption(create).action(async (username: string, opts: StoreOptions) => {
    const { AdminAccountStore, AdminAccountError, checkNewAccount } = await open();
    const password = await readPassword();
    try {
      checkNewAccount(username.trim(), password);
      const account = await withStore(commandConfig(opts).db, {}, async (store) => (await AdminAccountStore.open(store.db)).create(username, password));
      if (opts.json) return printJson({ ...account });
      printLines(`Created admin ${account.username}. Sign in at ${commandConfig(opts).baseUrl}/ with it.`);
    } catch (err) {
      if (err instanceof AdminAccountError) throw new CliError(err.message);
      throw err;
    }
  });

  const list = admin.command('list').description('list console admin accounts');
  addDbOption(list);
  addJsonOption(list).action(async (opts: StoreOptions) => {
    const { AdminAccountStore } = await open();
    const rows = await withStore(commandConfig(opts).db, { mustExist: true }, async (store) => (await AdminAccountStore.open(store.db)).list());
    if (opts.json) return printJson({ accounts: rows });
    if (!rows.length) return printLines('No admin accounts yet: scimkit admin create <username> (or open the console and create the first one).');
    printTable(['ID', 'USERNAME', 'CREATED', 'LAST SIGN-IN'], rows.map((a) => [a.id, a.username, formatTime(a.createdAt), formatTime(a.lastSignInAt)]));
  });
}
