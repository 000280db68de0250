import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminKeyStore } from '../../src/admin/admin-key-store.js';
import { defaultServerConfig } from '../../src/config/server-config.js';
import { buildApp } from '../../src/server/app.js';
import { DIALECTS } from '../support/databases.js';
import { startScenario, type Scenario } from '../support/provisioning-scenario.js';

// The admin REST API over real HTTP, as the console and scripts use it: a server with the engine, a
// source and a target tenant on one database, an admin key.
for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API /admin/v1`, () => {
    let s: Scenario;
    let admin: FastifyInstance;
    let base: string;
    let key: string;
    const triggered: string[] = [];
    const call = async (method: string, path: string, body?: unknown, auth = `Bearer ${key}`) => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text, headers: res.headers };
    };

    beforeAll(async () => {
      s = await startScenario(dialect);
      admin = await buildApp({ store: s.store, config: { ...defaultServerConfig, logLevel: 'silent', rateLimitPerSecond: 0 }, provisioning: { engine: s.engine, trigger: (id) => triggered.push(id) } });
      await admin.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(admin.server.address() as AddressInfo).port}/admin/v1`;
      key = (await (await AdminKeyStore.open(s.store.db)).create('test')).key;
      await s.user('ada@corp.example', { name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'ada@corp.example', type: 'work' }] });
    });
    afterAll(async () => {
      await admin?.close();
      await s?.close();
    });

    it('serves its OpenAPI document openly and refuses everything else without an admin key', async () => {
      const doc = await call('GET', '/openapi.json', undefined, '');
      expect(doc.status).toBe(200);
      expect(doc.json.openapi).toBe('3.1.0');
      expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/apps', '/apps/{app}', '/apps/{app}/sync', '/apps/{app}/logs', '/expressions/evaluate']));
      expect(doc.json.paths['/apps'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['tenant', 'name', 'template', 'targetUrl', 'token']));
      const none = await call('GET', '/apps', undefined, '');
      expect(none.status).toBe(401);
      expect(none.json.error.code).toBe('unauthorized');
      expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
      // A SCIM token is not an admin key, and an admin key opens no SCIM endpoint.
      expect((await call('GET', '/apps', undefined, `Bearer ${s.targetToken}`)).status).toBe(401);
      const scim = await fetch(`${s.targetUrl}/Users`, { headers: { authorization: `Bearer ${key}` } });
      expect(scim.status).toBe(401);
      const keys = await AdminKeyStore.open(s.store.db);
      const spare = await keys.create('spare');
      expect((await call('GET', '/apps', undefined, `Bearer ${spare.key}`)).status).toBe(200);
      await keys.revoke(spare.info.id);
      expect((await call('GET', '/apps', undefined, `Bearer ${spare.key}`)).status).toBe(401);
    });

    it('creates an app, assigns, syncs, and reports status and logs', async () => {
      const bad = await call('POST', '/apps', { tenant: s.source, name: 'x', template: 'nope', targetUrl: s.targetUrl, token: 't' });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({ code: 'invalidInput', message: expect.stringMatching(/unknown template "nope"/) });
      const extra = await call('POST', '/apps', { tenant: s.source, name: 'x', template: 'generic', targetUrl: s.targetUrl, token: 't', colour: 'red' });
      expect(extra.status).toBe(400);

      const created = await call('POST', '/apps', { tenant: s.source, name: 'Howspace', template: 'howspace', targetUrl: s.targetUrl, token: s.targetToken });
      expect(created.status).toBe(201);
      expect(created.text).not.toContain(s.targetToken);
      const id = created.json.app.id;
      expect((await call('POST', `/apps/${id}/test`)).json).toMatchObject({ ok: true });
      expect((await call('POST', `/apps/${id}/test`, { token: 'scimkit_wrongwrongwro_wrongwrongwrongwrongwrongwrongwrongwrongwro' })).json).toMatchObject({ ok: false, status: 401 });

      const settings = await call('PATCH', `/apps/${id}`, { settings: { deletionThreshold: -1 } });
      expect(settings.status).toBe(400);
      expect((await call('PATCH', `/apps/${id}`, { settings: { intervalMinutes: 5, notificationEmail: 'ops@corp.example' } })).json.app.settings).toMatchObject({ intervalMinutes: 5, notificationEmail: 'ops@corp.example' });
      // A patch changes what it names and nothing else (no setting falls back to its default).
      expect((await call('PATCH', `/apps/${id}`, { settings: { deletionThreshold: 3 } })).json.app.settings).toMatchObject({ deletionThreshold: 3, intervalMinutes: 5, notificationEmail: 'ops@corp.example' });
      expect((await call('GET', `/apps/${id}`)).json.app.settings).toMatchObject({ deletionThreshold: 3, intervalMinutes: 5, notificationEmail: 'ops@corp.example' });

      expect((await call('POST', `/apps/${id}/assignments`, { user: 'nobody' })).status).toBe(404);
      const assigned = await call('POST', `/apps/Howspace/assignments`, { user: 'ada@corp.example' });
      expect(assigned.json.assignment).toMatchObject({ principalType: 'User', role: 'User' });

      const plan = await call('POST', `/apps/${id}/sync`, { dryRun: true });
      expect(plan.json.actions.filter((a: any) => a.status === 'success')).toEqual([expect.objectContaining({ action: 'create', display: 'ada@corp.example' })]);
      const started = await call('POST', `/apps/${id}/sync`, {});
      expect(started.status).toBe(202);
      expect(triggered).toContain(id);
      const ran = await call('POST', `/apps/${id}/sync`, { wait: true });
      expect(ran.json).toMatchObject({ kind: 'initial', status: 'succeeded' });
      expect((await s.targetUsers()).get('ada@corp.example')).toMatchObject({ active: true });

      const status = await call('GET', `/apps/${id}/status`);
      expect(status.json).toMatchObject({ state: 'off', linked: { users: 1, groups: 0 }, last: { kind: 'initial', status: 'succeeded' } });
      expect(status.text).not.toContain(s.targetToken);
      const logs = await call('GET', `/apps/${id}/logs?action=create`);
      expect(logs.json.records).toEqual([expect.objectContaining({ action: 'create', status: 'success', sourceName: 'ada@corp.example' })]);
      const csv = await call('GET', `/apps/${id}/logs?format=csv`);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect(csv.text.split('\r\n')[0]).toMatch(/^at,cycleId,kind,action,status/);
      expect((await call('GET', `/apps/${id}/logs?status=bogus`)).json.error.message).toMatch(/status takes success, failure/);

      const onDemand = await call('POST', `/apps/${id}/provision`, { user: 'ada@corp.example' });
      expect(onDemand.json.records[0].steps.map((st: any) => st.name)).toEqual(['import', 'scope', 'action']);
    });

    it('tests credentials before the app exists (the gallery: paste, Test Connection, then save)', async () => {
      const ok = await call('POST', '/test-connection', { template: 'spaceiq', targetUrl: s.targetUrl, token: s.targetToken });
      expect(ok.json).toMatchObject({ ok: true, status: 200 });
      const wrong = await call('POST', '/test-connection', { template: 'spaceiq', targetUrl: s.targetUrl, token: 'scimkit_wrongwrongwro_wrongwrongwrongwrongwrongwrongwrongwrongwro' });
      expect(wrong.json).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/refused the Secret Token/) });
      expect(wrong.text).not.toContain('wrongwrongwrongwrong');
      const notUrl = await call('POST', '/test-connection', { template: 'spaceiq', targetUrl: 'api.example.com/scim', token: 't' });
      expect(notUrl.status).toBe(400);
      expect(notUrl.json.error.message).toMatch(/not a URL/);
      expect((await call('POST', '/test-connection', { template: 'nope', targetUrl: s.targetUrl, token: 't' })).json.error.message).toMatch(/unknown template/);
      expect((await call('GET', '/openapi.json')).json.paths['/test-connection'].post).toBeDefined();
    });

    it('checks expressions with positions and previews them on a real user; checks scoping filters', async () => {
      const broken = await call('POST', '/expressions/evaluate', { expression: 'Join(" ", [givenName] [surname])' });
      expect(broken.json).toMatchObject({ valid: false, errors: [{ position: 22 }] });
      const unknown = await call('POST', '/expressions/evaluate', { expression: 'ToUpperr([surname])' });
      expect(unknown.json.errors[0].message).toMatch(/ToUpper/);
      const preview = await call('POST', '/expressions/evaluate', { expression: 'Join(" ", ToUpper([surname]), [givenName])', app: 'Howspace', source: 'ada@corp.example' });
      expect(preview.json).toMatchObject({ valid: true, value: 'LOVELACE Ada' });
      const sample = await call('POST', '/expressions/evaluate', { expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', attributes: { userName: 'x', active: false } });
      expect(sample.json.value).toBe('False');
      const filters = await call('POST', '/scoping/validate', { filters: [{ clauses: [{ attribute: 'department', operator: 'EQUALS SOMETHING', value: 'x' }] }] });
      expect(filters.json).toMatchObject({ valid: false, problems: [expect.objectContaining({ field: 'operator' })] });
      expect((await call('GET', '/expressions/functions')).json.functions.length).toBeGreaterThan(40);
    });

    it('answers JSON errors for unknown routes and apps', async () => {
      const r = await call('GET', '/nope');
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe('notFound');
      expect((await call('GET', `/apps/${randomBytes(4).toString('hex')}`)).status).toBe(404);
      const malformed = await fetch(`${base}/apps`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"name":' });
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
    });
  });
}
