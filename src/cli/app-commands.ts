import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadServerConfig } from '../config/load-config.js';
import type { AppMappings } from '../provisioning/mapping/mapping-types.js';
import { appJson, printApps, printStatus } from './app-output.js';
import { parseBool, parseWhole } from './cli-values.js';
import { addDbOption, addJsonOption, type StoreOptions } from './context.js';
import { CliError, usageError } from './errors.js';
import { withEngine } from './open-engine.js';
import { printJson, printLines } from './output.js';

/** The options every engine command shares. */
export interface EngineCommandOptions extends StoreOptions {
  smtpUrl?: string;
}

/** The settings `app set` takes, each as `--kebab-case <value>`, with how to read the value. */
const SETTING_FLAGS: { flag: string; key: string; help: string; read: (flag: string, raw: string) => unknown }[] = [
  { flag: 'notification-email', key: 'notificationEmail', help: 'where failure e-mails go ("" for none)', read: (_f, r) => (r.trim() === '' ? null : r.trim()) },
  { flag: 'notify-on-failure', key: 'notifyOnFailure', help: 'send an e-mail when a failure occurs (true/false)', read: parseBool },
  { flag: 'scope', key: 'scope', help: '"assigned" (only assigned users and groups) or "all"', read: (_f, r) => r.trim().toLowerCase() },
  { flag: 'interval', key: 'intervalMinutes', help: 'minutes between scheduled cycles (default 40)', read: (f, r) => parseWhole(f, r, 1, 10_080) },
  { flag: 'change-triggered', key: 'changeTriggered', help: 'start a cycle within seconds of a source change (true/false)', read: parseBool },
  { flag: 'create', key: 'create', help: 'the Create action (true/false)', read: parseBool },
  { flag: 'update', key: 'update', help: 'the Update action, which also disables (true/false)', read: parseBool },
  { flag: 'delete', key: 'delete', help: 'the Delete action (true/false)', read: parseBool },
  { flag: 'skip-out-of-scope-deletions', key: 'skipOutOfScopeDeletions', help: 'leave users who leave scope as they are (true/false)', read: parseBool },
  { flag: 'deletion-threshold', key: 'deletionThreshold', help: 'hold a cycle\'s disables/deletes above this many for approval (0 = off)', read: (f, r) => parseWhole(f, r, 0, 10_000_000) },
  { flag: 'flow-null-values', key: 'flowNullValues', help: 'clear target attributes whose source value became empty (true/false)', read: parseBool },
  { flag: 'concurrency', key: 'concurrency', help: 'requests in flight to the target', read: (f, r) => parseWhole(f, r, 1, 64) },
  { flag: 'members-per-patch', key: 'membersPerPatch', help: 'most members in one group PATCH', read: (f, r) => parseWhole(f, r, 1, 1000) },
  { flag: 'profile', key: 'profile', help: '"rfc" or "entra": how PATCH requests are shaped', read: (_f, r) => r.trim().toLowerCase() },
];

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The config engine commands need: the database and, for cycles, where e-mail goes. */
export function engineConfig(opts: EngineCommandOptions) {
  return loadServerConfig({ db: opts.db, smtpUrl: opts.smtpUrl });
}

/** Adds `--smtp-url` to commands that may run cycles (and so send failure e-mails). */
export function addSmtpOption(cmd: Command): Command {
  return cmd.option('--smtp-url <url>', 'SMTP server for failure e-mails (env SCIMKIT_SMTP_URL)');
}

function readJsonInput(source: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${what} from ${source === '-' ? 'standard input' : source}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw usageError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/** `scimkit app create|list|show|delete|set|test|start|stop|mappings`. */
export function registerAppCommands(program: Command): Command {
  const app = program.command('app').description('enterprise apps: provision a source tenant\'s users and groups into a SCIM 2.0 app');

  const create = app
    .command('create')
    .description('add an app from the gallery (status Off until started)')
    .requiredOption('--tenant <source>', 'the source tenant (id or name) whose users and groups are provisioned')
    .requiredOption('--name <name>', 'a unique name for the app')
    .requiredOption('--template <t>', 'spaceiq, officespace, howspace or generic')
    .requiredOption('--url <tenant-url>', "the target's SCIM base URL (Entra's Tenant URL)")
    .requiredOption('--token <secret>', "the target's bearer token (Entra's Secret Token); stored encrypted, never shown again");
  addDbOption(create);
  addJsonOption(create).action(async (opts: EngineCommandOptions & { tenant: string; name: string; template: string; url: string; token: string }) => {
    const created = await withEngine(engineConfig(opts), (e) => e.createApp({ tenant: opts.tenant, name: opts.name, template: opts.template, targetUrl: opts.url, token: opts.token }));
    if (opts.json) return printJson({ app: appJson(created) });
    printLines(
      `Created app ${JSON.stringify(created.name)} (${created.template}), provisioning Off.`,
      `  App id  ${created.id}`,
      '',
      'Next:',
      `  scimkit app test ${created.name}                       # Test Connection`,
      `  scimkit app assign ${created.name} --user <userName>   # or --group <displayName>`,
      `  scimkit app start ${created.name}                      # provisioning On`,
    );
  });

  const list = app.command('list').description('list apps').option('--tenant <source>', 'only the apps of this source tenant');
  addDbOption(list);
  addJsonOption(list).action(async (opts: EngineCommandOptions & { tenant?: string }) => {
    const apps = await withEngine(engineConfig(opts), (e) => e.listApps(opts.tenant));
    if (opts.json) return printJson({ apps: apps.map(appJson) });
    printApps(apps);
  });

  const show = app.command('show').description('settings and synchronization details of an app').argument('<app>', 'app id or name');
  addDbOption(show);
  addJsonOption(show).action(async (ref: string, opts: EngineCommandOptions) => {
    const status = await withEngine(engineConfig(opts), (e) => e.status(ref));
    if (opts.json) return printJson({ ...status, app: { ...appJson(status.app), mappings: status.app.mappings } });
    printStatus(status);
  });

  const del = app.command('delete').description('delete an app (the target is left as it is)').argument('<app>', 'app id or name');
  addDbOption(del);
  addJsonOption(del).action(async (ref: string, opts: EngineCommandOptions) => {
    const gone = await withEngine(engineConfig(opts), async (e) => {
      const a = await e.app(ref);
      await e.deleteApp(a.id);
      return a;
    });
    if (opts.json) return printJson({ deleted: gone.id });
    printLines(`Deleted app ${JSON.stringify(gone.name)}. Nothing was removed from the target.`);
  });

  const set = app
    .command('set')
    .description('change an app\'s settings, credentials or mappings')
    .argument('<app>', 'app id or name')
    .option('--name <name>', 'rename the app')
    .option('--url <tenant-url>', 'new Tenant URL')
    .option('--token <secret>', 'new Secret Token')
    .option('--mappings <file>', 'replace mappings and scoping filters from a JSON file ("-" for standard input); starts a full re-evaluation')
    .option('--restore-default-mappings', "go back to the template's mappings (starts a full re-evaluation)");
  for (const s of SETTING_FLAGS) set.option(`--${s.flag} <value>`, s.help);
  addDbOption(set);
  addJsonOption(set).action(async (ref: string, opts: EngineCommandOptions & Record<string, unknown>) => {
    const patch: Record<string, unknown> = {};
    for (const s of SETTING_FLAGS) {
      const raw = opts[camel(s.flag)];
      if (typeof raw === 'string') patch[s.key] = s.read(`--${s.flag}`, raw);
    }
    const mappings = typeof opts.mappings === 'string' ? (readJsonInput(opts.mappings, 'the mappings') as AppMappings) : undefined;
    const creds = { name: opts.name as string | undefined, targetUrl: opts.url as string | undefined, token: opts.token as string | undefined };
    if (!Object.keys(patch).length && !mappings && !opts.restoreDefaultMappings && Object.values(creds).every((v) => v === undefined)) {
      throw usageError(`nothing to set: give at least one of --name, --url, --token, --mappings, --restore-default-mappings, ${SETTING_FLAGS.map((s) => `--${s.flag}`).join(', ')}`);
    }
    const updated = await withEngine(engineConfig(opts), async (e) => {
      let a = await e.app(ref);
      if (Object.keys(patch).length) a = await e.updateSettings(a.id, patch);
      if (mappings) a = await e.setMappings(a.id, mappings);
      if (opts.restoreDefaultMappings) a = await e.restoreDefaultMappings(a.id);
      if (Object.values(creds).some((v) => v !== undefined)) a = await e.updateApp(a.id, creds);
      return a;
    });
    if (opts.json) return printJson({ app: appJson(updated) });
    printLines(`Saved ${JSON.stringify(updated.name)}.${mappings || opts.restoreDefaultMappings ? ' Mappings changed: the next cycle re-evaluates every object.' : ''}`);
  });

  const test = app.command('test').description('Test Connection: a lookup of a random value must give 200 and an empty list').argument('<app>', 'app id or name');
  addDbOption(test);
  addJsonOption(test).action(async (ref: string, opts: EngineCommandOptions) => {
    const r = await withEngine(engineConfig(opts), (e) => e.testConnection(ref));
    if (opts.json) printJson({ ...r });
    else if (r.ok) printLines(`Test Connection succeeded (200, empty list, ${Math.round(r.durationMs)} ms).`);
    else printLines(`Test Connection failed${r.status ? ` (${r.status})` : ''}: ${r.reason}`, ...(r.bodyExcerpt ? [`  The target answered: ${r.bodyExcerpt}`] : []));
    if (!r.ok) throw new CliError(`Test Connection of ${ref} failed`);
  });

  for (const [name, status, text] of [
    ['start', 'on', 'provisioning On: cycles on schedule and within seconds of a source change'],
    ['stop', 'off', 'provisioning Off (a running cycle finishes)'],
  ] as const) {
    const cmd = app.command(name).description(text).argument('<app>', 'app id or name');
    addDbOption(cmd);
    addJsonOption(cmd).action(async (ref: string, opts: EngineCommandOptions) => {
      const a = await withEngine(engineConfig(opts), (e) => e.setStatus(ref, status));
      if (opts.json) return printJson({ app: appJson(a) });
      printLines(status === 'on' ? `Provisioning of ${a.name} is On: \`scimkit serve\` runs its cycles (or run one now: scimkit sync ${a.name}).` : `Provisioning of ${a.name} is Off.`);
    });
  }

  const mappings = app.command('mappings').description("print an app's mappings and scoping filters as JSON (edit, then `app set --mappings`)").argument('<app>', 'app id or name');
  addDbOption(mappings).option('--json', 'the same JSON (this command always prints JSON)').action(async (ref: string, opts: EngineCommandOptions) => {
    const a = await withEngine(engineConfig(opts), (e) => e.app(ref));
    process.stdout.write(`${JSON.stringify(a.mappings, null, 2)}\n`);
  });
  return app;
}
