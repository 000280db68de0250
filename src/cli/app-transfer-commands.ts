import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { appJson } from './app-output.js';
import { engineConfig, type EngineCommandOptions } from './app-commands.js';
import { addDbOption, addJsonOption } from './context.js';
import { CliError, usageError } from './errors.js';
import { withEngine } from './open-engine.js';
import { printJson, printLines } from './output.js';

/** `scimkit app export` and `scimkit app import`: an app's configuration as JSON, without its secret token. */
export function registerAppTransferCommands(app: Command): void {
  const exp = app.command('export').description("print an app's configuration and assignments as JSON (without its secret token)").argument('<app>', 'app id or name');
  addDbOption(exp).option('--json', 'the same JSON (this command always prints JSON)').action(async (ref: string, opts: EngineCommandOptions) => {
    const data = await withEngine(engineConfig(opts), (e) => e.exportApp(ref));
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  });

  const imp = app
    .command('import')
    .description('create an app from an export read on standard input (Off; set its token before starting it)')
    .requiredOption('--tenant <source>', 'the source tenant the app provisions from')
    .option('--file <path>', 'read the export from this file instead of standard input')
    .option('--name <name>', 'a name other than the exported one')
    .option('--url <tenant-url>', 'a Tenant URL other than the exported one')
    .option('--token <secret>', 'the Secret Token (exports never carry one)');
  addDbOption(imp);
  addJsonOption(imp).action(async (opts: EngineCommandOptions & { tenant: string; file?: string; name?: string; url?: string; token?: string }) => {
    let text: string;
    try {
      text = readFileSync(opts.file ?? 0, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read the export: ${(err as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw usageError(`the export is not valid JSON: ${(err as Error).message}`);
    }
    const { app: created, missing } = await withEngine(engineConfig(opts), (e) => e.importApp(opts.tenant, data, { name: opts.name, targetUrl: opts.url, token: opts.token }));
    if (opts.json) return printJson({ app: appJson(created), missingAssignments: missing });
    printLines(
      `Imported app ${JSON.stringify(created.name)} (Off).`,
      ...(missing.length ? [`  Not found in this tenant, so not assigned: ${missing.join(', ')}`] : []),
      ...(opts.token ? [] : [`  Set its secret token before starting it: scimkit app set ${created.name} --token <secret>`]),
    );
  });
}
