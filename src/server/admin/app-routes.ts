import { z } from 'zod';
import { TEMPLATES } from '../../provisioning/apps/templates/templates.js';
import type { ProvisioningEngine, PrincipalRef } from '../../provisioning/engine.js';
import { provError } from '../../provisioning/errors.js';
import { logsToCsv, logsToJson } from '../../provisioning/logs/log-export.js';
import type { AppMappings } from '../../provisioning/mapping/mapping-types.js';
import { appView } from './app-view.js';
import { assignBody, createAppBody, importBody, mappingsBody, principalBody, syncBody, testBody, testNewBody, updateAppBody } from './admin-schemas.js';
import { route, type AdminRoute } from './admin-route.js';

/** How the admin API reaches the engine (absent when the server could not open it) and asks the scheduler for a cycle now. */
export interface AdminDeps {
  engine(): ProvisioningEngine;
  trigger(appId: string): void;
}

const logsQuery = z.object({
  since: z.string().optional().describe('ISO time'),
  until: z.string().optional(),
  action: z.string().optional().describe('Comma-separated: create, update, disable, delete, skip, members'),
  status: z.string().optional().describe('Comma-separated: success, failure, skipped, held, deferred'),
  identity: z.string().optional().describe('A source or target id, or part of the name'),
  cycle: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  beforeId: z.coerce.number().int().optional().describe('Keyset paging: records older than this id'),
  format: z.enum(['json', 'csv']).optional().describe('Export as a file instead of the paged JSON answer'),
});

const LOG_ACTIONS = ['create', 'update', 'disable', 'delete', 'skip', 'members'];
const LOG_STATUSES = ['success', 'failure', 'skipped', 'held', 'deferred'];

// A comma-separated filter, each value one of those allowed.
function split(name: string, raw: string | undefined, allowed: string[]): string[] | undefined {
  const items = raw?.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
  const bad = items?.filter((x) => !allowed.includes(x)) ?? [];
  if (bad.length) throw provError.invalid(`${name} takes ${allowed.join(', ')}; unknown: ${bad.join(', ')}`);
  return items;
}

/** The routes for apps, their assignments, mappings, cycles, logs and held deletions. */
export function appRoutes(d: AdminDeps): AdminRoute[] {
  const e = () => d.engine();
  return [
    route({ method: 'GET', path: '/templates', tag: 'apps', summary: 'The gallery: templates with their roles and default mappings', response: { status: 200, description: '{ templates }' }, handler: async () => ({ templates: TEMPLATES }) }),
    route({
      method: 'GET',
      path: '/apps',
      tag: 'apps',
      summary: 'Every app (of one source tenant with ?tenant=)',
      query: z.object({ tenant: z.string().optional() }),
      response: { status: 200, description: '{ apps }' },
      handler: async (_q, _r, i) => ({ apps: (await e().listApps(i.query.tenant)).map((a) => appView(a)) }),
    }),
    route({
      method: 'POST',
      path: '/apps',
      tag: 'apps',
      summary: 'Add an app from a template (status Off)',
      body: createAppBody,
      response: { status: 201, description: '{ app }' },
      handler: async (_q, reply, i) => {
        reply.code(201);
        return { app: appView(await e().createApp(i.body)) };
      },
    }),
    route({ method: 'GET', path: '/apps/{app}', tag: 'apps', summary: 'An app with its settings and mappings (never its token)', response: { status: 200, description: '{ app }' }, handler: async (_q, _r, i) => ({ app: appView(await e().app(i.params.app!), true) }) }),
    route({
      method: 'PATCH',
      path: '/apps/{app}',
      tag: 'apps',
      summary: 'Rename, change credentials or settings (any subset)',
      body: updateAppBody,
      response: { status: 200, description: '{ app }' },
      handler: async (_q, _r, i) => {
        let app = await e().app(i.params.app!);
        if (i.body.settings) app = await e().updateSettings(app.id, i.body.settings);
        app = await e().updateApp(app.id, { name: i.body.name, targetUrl: i.body.targetUrl, token: i.body.token });
        return { app: appView(app, true) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/apps/{app}',
      tag: 'apps',
      summary: 'Delete an app (the target is left as it is)',
      response: { status: 204, description: 'deleted' },
      handler: async (_q, reply, i) => {
        await e().deleteApp(i.params.app!);
        reply.code(204);
        return undefined;
      },
    }),
    route({
      method: 'PUT',
      path: '/apps/{app}/mappings',
      tag: 'apps',
      summary: 'Replace mappings and scoping filters (starts a full re-evaluation)',
      body: mappingsBody,
      response: { status: 200, description: '{ app }' },
      handler: async (_q, _r, i) => ({ app: appView(await e().setMappings(i.params.app!, i.body as AppMappings), true) }),
    }),
    route({ method: 'POST', path: '/apps/{app}/mappings/restore', tag: 'apps', summary: "Restore the template's mappings", response: { status: 200, description: '{ app }' }, handler: async (_q, _r, i) => ({ app: appView(await e().restoreDefaultMappings(i.params.app!), true) }) }),
    route({ method: 'POST', path: '/test-connection', tag: 'apps', summary: 'Test Connection before the app is saved (a new app from the gallery)', body: testNewBody, response: { status: 200, description: 'TestConnectionResult' }, handler: async (_q, _r, i) => e().testNewConnection(i.body) }),
    route({ method: 'POST', path: '/apps/{app}/test', tag: 'apps', summary: 'Test Connection (saved credentials, or the ones given)', body: testBody, response: { status: 200, description: 'TestConnectionResult' }, handler: async (_q, _r, i) => e().testConnection(i.params.app!, i.body) }),
    route({
      method: 'POST',
      path: '/apps/{app}/start',
      tag: 'cycles',
      summary: 'Provisioning On',
      response: { status: 200, description: '{ app }' },
      handler: async (_q, _r, i) => {
        const app = await e().setStatus(i.params.app!, 'on');
        d.trigger(app.id);
        return { app: appView(app) };
      },
    }),
    route({ method: 'POST', path: '/apps/{app}/stop', tag: 'cycles', summary: 'Provisioning Off (a running cycle finishes)', response: { status: 200, description: '{ app }' }, handler: async (_q, _r, i) => ({ app: appView(await e().setStatus(i.params.app!, 'off')) }) }),
    route({ method: 'POST', path: '/apps/{app}/restart', tag: 'cycles', summary: 'Start over at the next cycle (watermark, escrows and quarantine cleared; links kept)', response: { status: 200, description: '{ app }' }, handler: async (_q, _r, i) => ({ app: appView(await e().restart(i.params.app!)) }) }),
    route({
      method: 'POST',
      path: '/apps/{app}/sync',
      tag: 'cycles',
      summary: 'One cycle now, or a dry run (the plan, nothing sent)',
      body: syncBody,
      response: { status: 200, description: 'CycleResult, a dry-run plan, or 202 { started } without wait' },
      handler: async (_q, reply, i) => {
        const app = await e().app(i.params.app!);
        if (i.body.dryRun) return { dryRun: true, ...(await e().dryRun(app.id)) };
        if (i.body.wait) return e().sync(app.id, { restart: i.body.restart });
        if (i.body.restart) await e().restart(app.id);
        d.trigger(app.id);
        reply.code(202);
        return { started: true, app: app.id };
      },
    }),
    route({ method: 'POST', path: '/apps/{app}/provision', tag: 'cycles', summary: 'Provision one user or group now, with each step', body: principalBody, response: { status: 200, description: 'OnDemandResult' }, handler: async (_q, _r, i) => e().provision(i.params.app!, i.body as PrincipalRef) }),
    route({ method: 'GET', path: '/apps/{app}/status', tag: 'cycles', summary: 'Synchronization details', response: { status: 200, description: 'AppStatusReport' }, handler: async (_q, _r, i) => {
      const s = await e().status(i.params.app!);
      return { ...s, app: appView(s.app) };
    } }),
    route({
      method: 'POST',
      path: '/apps/{app}/deletes/approve',
      tag: 'cycles',
      summary: 'Allow the held disables and deletes (the next cycle, started now, sends them)',
      response: { status: 200, description: '{ approved }' },
      handler: async (_q, _r, i) => {
        const app = await e().app(i.params.app!);
        const approved = await e().approveDeletes(app.id);
        if (approved) d.trigger(app.id);
        return { approved };
      },
    }),
    route({ method: 'POST', path: '/apps/{app}/deletes/reject', tag: 'cycles', summary: 'Drop the held disables and deletes', response: { status: 200, description: '{ rejected }' }, handler: async (_q, _r, i) => ({ rejected: await e().rejectDeletes(i.params.app!) }) }),
    route({ method: 'GET', path: '/apps/{app}/assignments', tag: 'assignments', summary: "The app's assignments", response: { status: 200, description: '{ assignments }' }, handler: async (_q, _r, i) => ({ assignments: await e().assignments(i.params.app!) }) }),
    route({
      method: 'POST',
      path: '/apps/{app}/assignments',
      tag: 'assignments',
      summary: 'Assign a user or group with an app role',
      body: assignBody,
      response: { status: 200, description: '{ assignment }' },
      handler: async (_q, _r, i) => {
        const { role, ...who } = i.body as { user?: string; group?: string; role?: string };
        return { assignment: await e().assign(i.params.app!, who as PrincipalRef, role) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/apps/{app}/assignments/{principal}',
      tag: 'assignments',
      summary: 'Remove an assignment (by the user or group id)',
      response: { status: 200, description: '{ removed }' },
      handler: async (_q, _r, i) => {
        const list = await e().assignments(i.params.app!);
        const a = list.find((x) => x.principalId === i.params.principal);
        const removed = a ? await e().unassign(i.params.app!, a.principalType === 'User' ? { user: a.principalId } : { group: a.principalId }) : false;
        return { removed };
      },
    }),
    route({
      method: 'GET',
      path: '/apps/{app}/logs',
      tag: 'logs',
      summary: 'Provisioning logs, newest first, filtered; ?format=csv|json exports a file',
      query: logsQuery,
      response: { status: 200, description: '{ records } or a file' },
      handler: async (_q, reply, i) => {
        const app = await e().app(i.params.app!);
        const q = i.query as z.infer<typeof logsQuery>;
        const records = await e().ctx.logs.query(app.id, { since: q.since, until: q.until, action: split('action', q.action, LOG_ACTIONS), status: split('status', q.status, LOG_STATUSES), identity: q.identity, cycleId: q.cycle, limit: q.limit, beforeId: q.beforeId });
        if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${app.name.replace(/[^\w.-]+/g, '_')}-logs.csv"`).send(logsToCsv(records));
        if (q.format === 'json') return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${app.name.replace(/[^\w.-]+/g, '_')}-logs.json"`).send(logsToJson(records));
        return { records };
      },
    }),
    route({ method: 'GET', path: '/apps/{app}/export', tag: 'apps', summary: "The app's configuration and assignments (no token)", response: { status: 200, description: 'AppExport' }, handler: async (_q, _r, i) => e().exportApp(i.params.app!) }),
    route({
      method: 'POST',
      path: '/apps/import',
      tag: 'apps',
      summary: 'Create an app from an export (Off; set its token before starting it)',
      body: importBody,
      response: { status: 201, description: '{ app, missing }' },
      handler: async (_q, reply, i) => {
        const r = await e().importApp(i.body.tenant, i.body.export, { name: i.body.name, targetUrl: i.body.targetUrl, token: i.body.token });
        reply.code(201);
        return { app: appView(r.app, true), missing: r.missing };
      },
    }),
  ];
}
