import type { Command } from 'commander';
import { logsToCsv, logsToJson } from '../provisioning/logs/log-export.js';
import { engineConfig, type EngineCommandOptions } from './app-commands.js';
import { parseSince, parseWhole } from './cli-values.js';
import { addDbOption } from './context.js';
import { usageError } from './errors.js';
import { withEngine } from './open-engine.js';
import { formatTime, printLines, printTable } from './output.js';

const ACTIONS = ['create', 'update', 'disable', 'delete', 'skip', 'members'];
const STATUSES = ['success', 'failure', 'skipped', 'held', 'deferred'];

function list(flag: string, raw: string | undefined, allowed: string[]): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i));
  if (bad.length) throw usageError(`${flag} takes ${allowed.join(', ')} (comma-separated); unknown: ${bad.join(', ')}`);
  return items;
}

/** `scimkit logs`: the provisioning log, filtered, as a table, JSON or CSV. */
export function registerLogsCommand(program: Command): void {
  const logs = program
    .command('logs')
    .description('the provisioning log of an app: one record per object per action, newest first')
    .argument('<app>', 'app id or name')
    .option('--since <time>', 'from this time: an ISO date/time or a duration back from now (30m, 2h, 7d)')
    .option('--action <list>', `only these actions: ${ACTIONS.join(', ')}`)
    .option('--status <list>', `only these outcomes: ${STATUSES.join(', ')}`)
    .option('--identity <text>', 'only this object: a source or target id, or part of its name')
    .option('--cycle <id>', 'only this cycle')
    .option('--limit <n>', 'at most this many records (default 1000)')
    .option('--json', 'print the records as a JSON array')
    .option('--csv', 'print the records as CSV');
  addDbOption(logs).action(async (ref: string, opts: EngineCommandOptions & { since?: string; action?: string; status?: string; identity?: string; cycle?: string; limit?: string; csv?: boolean }) => {
    if (opts.json && opts.csv) throw usageError('choose one of --json and --csv');
    const query = {
      ...(opts.since ? { since: parseSince(opts.since) } : {}),
      action: list('--action', opts.action, ACTIONS),
      status: list('--status', opts.status, STATUSES),
      ...(opts.identity ? { identity: opts.identity } : {}),
      ...(opts.cycle ? { cycleId: opts.cycle } : {}),
      limit: opts.limit === undefined ? 1000 : parseWhole('--limit', opts.limit, 1, 100_000),
    };
    const records = await withEngine(engineConfig(opts), async (e) => e.ctx.logs.query((await e.app(ref)).id, query));
    if (opts.csv) return void process.stdout.write(logsToCsv(records));
    if (opts.json) return void process.stdout.write(logsToJson(records));
    if (!records.length) return printLines('No log records match.');
    printTable(
      ['TIME', 'KIND', 'OBJECT', 'ACTION', 'STATUS', 'DETAIL'],
      records.map((r) => [
        formatTime(r.at),
        r.kind.toLowerCase(),
        r.sourceName,
        r.action,
        r.status,
        r.errorDetail ?? (r.modified.length ? r.modified.map((m) => m.name).join(', ') : (r.steps[r.steps.length - 1]?.description ?? '')),
      ]),
    );
  });
}
