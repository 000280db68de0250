import type { Command } from 'commander';
import type { PrincipalRef } from '../provisioning/engine.js';
import { engineConfig, type EngineCommandOptions } from './app-commands.js';
import { addDbOption, addJsonOption } from './context.js';
import { usageError } from './errors.js';
import { withEngine } from './open-engine.js';
import { printJson, printLines, printTable } from './output.js';

type Who = { user?: string; group?: string };

/** Exactly one of --user and --group. */
export function principalOf(opts: Who): PrincipalRef {
  if ((opts.user === undefined) === (opts.group === undefined)) throw usageError('give exactly one of --user <userName|id> and --group <displayName|id>');
  return opts.user !== undefined ? { user: opts.user } : { group: opts.group! };
}

/** `scimkit app assign|unassign|assignments`. */
export function registerAssignCommands(app: Command): void {
  const assign = app
    .command('assign')
    .description('assign a user or group of the source tenant (a group brings its members, nested groups included)')
    .argument('<app>', 'app id or name')
    .option('--user <userName|id>', 'a user of the source tenant')
    .option('--group <displayName|id>', 'a group of the source tenant')
    .option('--role <role>', 'the app role (default: the template\'s first role; "Default Access" is not provisioned)');
  addDbOption(assign);
  addJsonOption(assign).action(async (ref: string, opts: EngineCommandOptions & Who & { role?: string }) => {
    const who = principalOf(opts);
    const a = await withEngine(engineConfig(opts), (e) => e.assign(ref, who, opts.role));
    if (opts.json) return printJson({ assignment: a });
    printLines(`${a.changed ? 'Assigned' : 'Already assigned:'} ${a.principalType.toLowerCase()} ${'user' in who ? who.user : who.group} with role ${JSON.stringify(a.role)}. The next cycle provisions it.`);
  });

  const unassign = app
    .command('unassign')
    .description('remove an assignment (the next cycle disables users who lose access)')
    .argument('<app>', 'app id or name')
    .option('--user <userName|id>', 'a user of the source tenant')
    .option('--group <displayName|id>', 'a group of the source tenant');
  addDbOption(unassign);
  addJsonOption(unassign).action(async (ref: string, opts: EngineCommandOptions & Who) => {
    const who = principalOf(opts);
    const removed = await withEngine(engineConfig(opts), (e) => e.unassign(ref, who));
    if (opts.json) return printJson({ removed });
    printLines(removed ? 'Unassigned. The next cycle disables the users who lost access.' : 'It was not assigned: nothing changed.');
  });

  const list = app.command('assignments').description("list an app's assignments").argument('<app>', 'app id or name');
  addDbOption(list);
  addJsonOption(list).action(async (ref: string, opts: EngineCommandOptions) => {
    const rows = await withEngine(engineConfig(opts), (e) => e.assignments(ref));
    if (opts.json) return printJson({ assignments: rows });
    if (!rows.length) return printLines('No assignments yet: scimkit app assign <app> --user <userName> | --group <displayName>');
    printTable(['TYPE', 'NAME', 'ROLE', 'ID'], rows.map((r) => [r.principalType.toLowerCase(), r.name, r.role, r.principalId]));
  });
}
