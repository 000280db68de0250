import type { App } from '../provisioning/apps/app-types.js';
import type { AppStatusReport } from '../provisioning/app-status.js';
import type { CycleResult } from '../provisioning/cycle/app-cycle.js';
import { formatTime, printLines, printTable } from './output.js';

/** An app as scripts read it: everything but the secret token, which is never printed. */
export function appJson(app: App): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    tenantId: app.tenantId,
    template: app.template,
    targetUrl: app.targetUrl,
    status: app.status,
    settings: app.settings,
    quarantine: app.quarantine,
    nextCycleAt: app.nextCycleAt,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
  };
}

/** The apps as a table. */
export function printApps(apps: App[]): void {
  if (!apps.length) {
    printLines('No apps yet. Add one with: scimkit app create --tenant <source> --name <name> --template <t> --url <tenant-url> --token <secret>');
    return;
  }
  printTable(
    ['ID', 'NAME', 'TEMPLATE', 'STATUS', 'TENANT URL'],
    apps.map((a) => [a.id, a.name, a.template, a.quarantine ? `${a.status} (quarantine)` : a.status, a.targetUrl]),
  );
}


/** "12 created, 3 updated, 1 disabled, 2 failed" from a cycle's counts. */
export function summarizeCounts(counts: Record<string, number>): string {
  const done = (a: string) => counts[`${a}:success`] ?? 0;
  const parts = [`${done('create')} created`, `${done('update')} updated`, `${done('disable')} disabled`, `${done('delete')} deleted`];
  if (done('members')) parts.push(`${counts['members:added'] ?? 0} members added, ${counts['members:removed'] ?? 0} removed`);
  const failed = (counts.failure ?? 0) + (counts.referenceFailure ?? 0);
  if (failed) parts.push(`${failed} failed (will be retried)`);
  if (counts.deferred) parts.push(`${counts.deferred} deferred (target throttling)`);
  if (counts.held) parts.push(`${counts.held} held for approval`);
  return parts.join(', ');
}

/** One line per finished cycle, for people. */
export function printCycleResult(app: App, r: CycleResult): void {
  const secs = ((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
  const lines = [`${r.kind === 'initial' ? 'Initial' : 'Incremental'} cycle of ${app.name} ${r.status} in ${secs} s: ${summarizeCounts(r.counts)}.`];
  if (r.error) lines.push(`  Stopped: ${r.error}`);
  if (r.held) lines.push(`  ${r.held} disables/deletes are held by the deletion guard: scimkit approve-deletes ${app.name}  (or reject-deletes)`);
  if (r.quarantine) lines.push(`  The app is in quarantine (${r.quarantine.reason}): ${r.quarantine.detail ?? ''}`);
  lines.push(`  Logs: scimkit logs ${app.name} --since 1h`);
  printLines(...lines);
}

/** Synchronization details, for people. */
export function printStatus(s: AppStatusReport): void {
  const a = s.app;
  const lines = [
    `${a.name}  (${a.id})`,
    `  Template        ${a.template}`,
    `  Tenant URL      ${a.targetUrl}`,
    `  Status          ${s.state}${a.quarantine ? ` — quarantine since ${formatTime(a.quarantine.since)}: ${a.quarantine.reason}: ${a.quarantine.detail ?? ''}` : ''}`,
    `  Scope           ${a.settings.scope === 'assigned' ? 'assigned users and groups' : 'all users and groups'}; every ${a.settings.intervalMinutes} min${a.settings.changeTriggered ? ' and on change' : ''}`,
    `  Provisioned     ${s.linked.users} users, ${s.linked.groups} groups`,
  ];
  if (s.current) lines.push(`  Running         ${s.current.kind} cycle started ${formatTime(s.current.startedAt)}: ${s.current.done}/${s.current.total}`);
  if (s.last) lines.push(`  Last cycle      ${s.last.kind}, ${s.last.status}, ${formatTime(s.last.endedAt)}: ${summarizeCounts(s.last.counts)}${s.last.error ? ` — ${s.last.error}` : ''}`);
  lines.push(`  Next cycle      ${s.nextCycleAt ? formatTime(s.nextCycleAt) : a.status === 'off' ? '- (provisioning is Off)' : '-'}`);
  if (s.escrows.count) lines.push(`  Retrying        ${s.escrows.count} objects (next ${formatTime(s.escrows.items[0]!.nextRetryAt)}): ${s.escrows.items[0]!.lastError}`);
  if (s.held.count) {
    lines.push(`  Held deletions  ${s.held.count} (approve-deletes / reject-deletes):`);
    for (const h of s.held.items.slice(0, 10)) lines.push(`    ${h.action} ${h.kind.toLowerCase()} ${h.display}: ${h.reason}`);
  }
  printLines(...lines);
}
