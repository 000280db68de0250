import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load-config.js';
import { version } from './context.js';
import { CliError, describeError } from './errors.js';
import { registerAuditCommand } from './audit-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTenantCommands } from './tenant-commands.js';
import { registerTokenCommands } from './token-commands.js';
import { registerAdminAccountCommands } from './admin-account-commands.js';
import { registerAdminKeyCommands } from './admin-key-commands.js';
import { registerAppCommands } from './app-commands.js';
import { registerAppTransferCommands } from './app-transfer-commands.js';
import { registerAssignCommands } from './assign-commands.js';
import { registerLogsCommand } from './logs-command.js';
import { registerSyncCommands } from './sync-commands.js';

/** The whole `scimkit` command tree. Errors surface as exceptions; `runCli` turns them into messages and exit codes. */
export function buildProgram(): Command {
  const program = new Command('scimkit')
    .description('Self-hosted multi-tenant SCIM 2.0 server and provisioning engine.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    // Settings inherited by every subcommand added below: throw instead of exiting, and let runCli word the errors.
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  program.addHelpText(
    'after',
    [
      '',
      'Every command takes --db (or SCIMKIT_DB). Commands that print SCIM URLs take --base-url (or SCIMKIT_BASE_URL).',
      'Add --json to tenant and token commands for one JSON object on stdout. Set SCIMKIT_DEBUG=1 for stack traces.',
      '',
      'Getting started:',
      '  scimkit serve',
      '  scimkit tenant create "Acme"',
      '  scimkit token create --tenant "Acme"',
      '',
      'Provisioning a tenant onward into another SCIM app:',
      '  scimkit app create --tenant "Acme" --name SpaceIQ --template spaceiq --url https://… --token …',
      '  scimkit app assign SpaceIQ --group "Engineering"',
      '  scimkit sync SpaceIQ',
    ].join('\n'),
  );
  registerServeCommand(program);
  registerTenantCommands(program);
  registerTokenCommands(program);
  registerAuditCommand(program);
  const app = registerAppCommands(program);
  registerAssignCommands(app);
  registerAppTransferCommands(app);
  registerSyncCommands(program);
  registerLogsCommand(program);
  registerAdminKeyCommands(program);
  registerAdminAccountCommands(program);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; errors become one `scimkit: …` line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    // Help printed because a command group was called without a subcommand.
    if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
    const message = err.message.replace(/^error:\s*/, '');
    // An id made before ids stopped beginning with "-" (store/key-id.ts) reads as an option: say how to pass it.
    if (err.code === 'commander.unknownOption' && /'-[A-Za-z0-9_-]{11}'/.test(message)) return fail(`${message} (an id that begins with "-" goes after "--": scimkit token revoke -- -abc…)`, 2, err);
    return fail(message, 2, err);
  }
  if (err instanceof ConfigError) return fail(err.message, 2, err);
  if (err instanceof CliError) return fail(err.message, err.exitCode, err);
  return fail(`${describeError(err)}${debug() ? '' : ' (set SCIMKIT_DEBUG=1 for details)'}`, 1, err);
}

const debug = () => process.env.SCIMKIT_DEBUG === '1';

function fail(message: string, code: number, err: unknown): number {
  if (debug() && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.stderr.write(`scimkit: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return code;
}
