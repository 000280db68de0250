import type { Command } from 'commander';
import type { CycleInfo } from '../provisioning/cycle/cycle-store.js';
import type { LogRecord } from '../provisioning/logs/log-types.js';
import { addSmtpOption, engineConfig, type EngineCommandOptions } from './app-commands.js';
import { printCycleResult, summarizeCounts } from './app-output.js';
import { principalOf } from './assign-commands.js';
import { parseWhole } from './cli-values.js';
import { addDbOption, addJsonOption } from './context.js';
import { CliError } from './errors.js';
import { withEngine } from './open-engine.js';
import { printJson, printLines, printTable } from './output.js';

/** A one-line progress bar on a terminal (stderr), nothing otherwise. */
function progressBar(enabled: boolean): { update(c: CycleInfo): void; done(): void } {
  let shown = false;
  return {
    update(c) {
      if (!enabled || c.status !== 'running' || !c.total) return;
      const width = 30;
      const share = Math.min(1, c.done / c.total);
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
      process.stderr.write(`\r[${bar}] ${Math.round(share * 100)}% ${c.done}/${c.total} objects`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

function stepsLine(r: LogRecord): string[] {
  return r.steps.map((s) => `    ${s.name.padEnd(9)} ${s.status.padEnd(8)} ${s.description}`);
}

/** `scimkit sync`, `scimkit provision`, `scimkit approve-deletes` and `scimkit reject-deletes`. */
export function registerSyncCommands(program: Command): void {
  const sync = program
    .command('sync')
    .description('run one provisioning cycle of an app now (On or Off) and wait for it')
    .argument('<app>', 'app id or name')
    .option('--dry-run', 'show what a full cycle would create, update, disable and delete; send nothing')
    .option('--restart', 'start over: clear the watermark, retries and quarantine, and re-evaluate every object')
    .option('--wait <seconds>', "wait this long for another process's cycle of the app to end (default 0)");
  addDbOption(sync);
  addSmtpOption(sync);
  addJsonOption(sync).action(async (ref: string, opts: EngineCommandOptions & { dryRun?: boolean; restart?: boolean; wait?: string }) => {
    const waitMs = opts.wait === undefined ? 0 : parseWhole('--wait', opts.wait, 0, 86_400) * 1000;
    await withEngine(engineConfig(opts), async (e) => {
      const app = await e.app(ref);
      if (opts.dryRun) {
        const plan = await e.dryRun(app.id);
        if (opts.json) return printJson({ dryRun: true, ...plan });
        const rows = plan.actions.filter((a) => a.status !== 'skipped');
        if (!rows.length) return printLines(`Dry run of ${app.name}: nothing to send; the target is in step with the source.`);
        printTable(
          ['ACTION', 'KIND', 'OBJECT', 'CHANGES'],
          rows.map((a) => [a.status === 'held' ? `${a.action} (held)` : a.action, a.kind.toLowerCase(), a.display, a.modified.map((m) => `${m.name}: ${JSON.stringify(m.old)} -> ${JSON.stringify(m.new)}`).join('; ') || a.reason]),
        );
        return printLines('', `Dry run of ${app.name}: ${summarizeCounts(plan.counts)}. Nothing was sent.${plan.heldByGuard ? ' The deletion guard would hold the disables and deletes.' : ''}`);
      }
      const bar = progressBar(!opts.json && process.stderr.isTTY === true);
      const result = await e.sync(app.id, { restart: opts.restart, waitMs, onProgress: (c) => bar.update(c) }).finally(() => bar.done());
      if (opts.json) printJson({ ...result });
      else printCycleResult(app, result);
      // The cycle ran: object failures are reported, not fatal. It could not run or finish: exit 1.
      if (result.status === 'failed') throw new CliError(`the cycle could not finish: ${result.error ?? 'see the logs'}`);
    });
  });

  const provision = program
    .command('provision')
    .description('provision one user (or one group and its members) now, showing each step')
    .argument('<app>', 'app id or name')
    .option('--user <userName|id>', 'a user of the source tenant')
    .option('--group <displayName|id>', 'a group of the source tenant');
  addDbOption(provision);
  addJsonOption(provision).action(async (ref: string, opts: EngineCommandOptions & { user?: string; group?: string }) => {
    const who = principalOf(opts);
    const r = await withEngine(engineConfig(opts), (e) => e.provision(ref, who));
    if (opts.json) printJson({ ...r });
    else {
      const lines: string[] = [];
      for (const rec of r.records) lines.push(`${rec.kind} ${rec.sourceName}: ${rec.action} ${rec.status}${rec.targetId ? ` (target ${rec.targetId})` : ''}`, ...stepsLine(rec), ...rec.modified.map((m) => `    ${m.name}: ${JSON.stringify(m.old)} -> ${JSON.stringify(m.new)}`));
      printLines(...lines);
    }
    if (r.error) throw new CliError(`provisioning on demand could not reach the target: ${r.error}`);
  });

  const approve = program.command('approve-deletes').description('allow the disables and deletes the deletion guard holds, and run them now').argument('<app>', 'app id or name');
  addDbOption(approve);
  addSmtpOption(approve);
  addJsonOption(approve).action(async (ref: string, opts: EngineCommandOptions) => {
    await withEngine(engineConfig(opts), async (e) => {
      const n = await e.approveDeletes(ref);
      if (!n) return opts.json ? printJson({ approved: 0 }) : printLines('Nothing is held.');
      const app = await e.app(ref);
      const result = await e.sync(app.id, { waitMs: 60_000 });
      if (opts.json) return printJson({ approved: n, cycle: result });
      printLines(`Allowed ${n} held disables/deletes.`);
      printCycleResult(app, result);
    });
  });

  const reject = program.command('reject-deletes').description('drop the held disables and deletes; the objects stay as they are in the target').argument('<app>', 'app id or name');
  addDbOption(reject);
  addJsonOption(reject).action(async (ref: string, opts: EngineCommandOptions) => {
    const n = await withEngine(engineConfig(opts), (e) => e.rejectDeletes(ref));
    if (opts.json) return printJson({ rejected: n });
    printLines(n ? `Rejected ${n} held disables/deletes. Nothing was sent; they are disabled or deleted only if they change again or a full re-evaluation runs.` : 'Nothing is held.');
  });
}
