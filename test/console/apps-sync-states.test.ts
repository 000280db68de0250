import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { activateScimInConsole, addApp, assignUser, turnOn } from './support/app-console.js';
import { checkPage, describeBrowser, launchBrowser, openPage, signIn, type ConsolePage } from './support/browser.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { createAdmin, scim, scimUser, tenantWithToken, type TenantAccess } from './support/directory-setup.js';

const PASSWORD = 'correct horse battery staple';

// The states of an app that a walkthrough does not reach, in the browser: the mapping dialog (a mapping added,
// carried by the dry run and a cycle, one deleted), the accidental-deletion guard (held deletions rejected, then
// approved) and quarantine (a revoked token, then Restart once the target works again). One app, Facilities
// (Howspace template), provisions Corp's users into a tenant whose admin activated SCIM in the console.
describeBrowser('console: an app’s mappings, staged deletions and quarantine', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let corp: TenantAccess;
  let facilities: TenantAccess;
  let adminKey: string;
  let p: ConsolePage;
  let page: Page;
  let appId: string;

  /** A GET on the admin API with an admin key, as a script would. */
  const adminGet = async (path: string) => {
    const res = await fetch(`${server.base}/admin/v1${path}`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(res.status).toBe(200);
    return res.json() as Promise<any>;
  };

  /** Every user of the target, as userName → the attributes the tests look at, read over SCIM. */
  const targetUsers = async () => {
    const r = await scim(facilities, 'GET', '/Users?count=100');
    expect(r.status).toBe(200);
    return Object.fromEntries((r.body.Resources as any[]).map((u) => [u.userName, { active: u.active, ...(u.title ? { title: u.title } : {}) }]));
  };
  const targetGroups = async () => {
    const r = await scim(facilities, 'GET', '/Groups?count=100');
    return Object.fromEntries((r.body.Resources as any[]).map((g) => [g.displayName, ((g.members ?? []) as { display?: string; value: string }[]).length]));
  };

  /** The app's Synchronization details page, and waits until no cycle runs. */
  const syncPage = async () => {
    await page.goto(`/#/apps/${appId}/sync`);
    await page.getByRole('heading', { name: 'Current status' }).waitFor();
    await expect.poll(() => page.getByText('A cycle is running').count(), { timeout: 20_000 }).toBe(0);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    await createAdmin(server, 'dana', PASSWORD);
    const k = await server.cli(['admin-key', 'create', '--name', 'test', '--json']);
    adminKey = (JSON.parse(k.stdout) as { key: string }).key;
    corp = await tenantWithToken(server, 'Corp');
    const ids = [];
    for (const [given, family] of [['Ada', 'Lovelace'], ['Grace', 'Hopper'], ['Alan', 'Turing']] as const) {
      ids.push(await scimUser(corp, `${given.toLowerCase()}@corp.example`, { name: { givenName: given, familyName: family }, displayName: `${given} ${family}` }));
    }
    const team = await scim(corp, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Facilities team', members: ids.slice(1).map((value) => ({ value })) });
    expect(team.status).toBe(201);
    p = await openPage(browser, server.base);
    page = p.page;
    await signIn(page, 'dana', PASSWORD);
  });
  afterAll(async () => {
    await p?.context.close();
    await browser?.close();
    await server?.stop();
  });

  it('an app with an accidental deletion threshold of 1, set on its Provisioning page, provisions a user and a group', async () => {
    facilities = await activateScimInConsole(p, 'Facilities');
    appId = await addApp(p, 'Howspace', facilities, { name: 'Facilities' });
    const settings = page.getByRole('region', { name: 'Settings' });
    expect(await settings.getByLabel('Accidental deletion threshold').inputValue()).toBe('500');
    await settings.getByLabel('Accidental deletion threshold').fill('1');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByText('Saved.').waitFor();
    // Only the threshold changed: the notification settings saved with the credentials are kept.
    expect((await adminGet(`/apps/${appId}`)).app.settings).toMatchObject({ deletionThreshold: 1, notificationEmail: 'ops@corp.example', notifyOnFailure: true, scope: 'assigned' });
    await page.reload();
    expect(await page.getByLabel('Accidental deletion threshold').inputValue()).toBe('1');

    await assignUser(p, appId, 'ada@corp.example');
    await page.getByLabel('Type').selectOption('Group');
    await page.getByLabel('Group (name)').fill('Facilities team');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Facilities team is assigned').waitFor();
    await turnOn(p, appId);
    await expect.poll(targetUsers, { timeout: 20_000 }).toEqual({ 'ada@corp.example': { active: true }, 'grace@corp.example': { active: true }, 'alan@corp.example': { active: true } });
    await expect.poll(targetGroups, { timeout: 20_000 }).toEqual({ 'Facilities team': 2 });
  });

  it('the mapping dialog: an Expression mapping to title is added and saved, the dry run and a cycle carry it; a mapping deleted and saved; the admin API has the result', async () => {
    // Provisioning Off while the mappings change: a saved change is otherwise carried by a cycle within
    // seconds, and the dry run is to be read first.
    await syncPage();
    await page.goto(`/#/apps/${appId}/provisioning`);
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('radio', { name: 'Off' }).check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByText('Saved.').waitFor();
    const users = page.getByRole('table', { name: 'Attribute mappings for users' });
    await users.waitFor();
    await page.getByRole('region', { name: 'Provision users' }).getByRole('button', { name: 'Add new mapping' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a mapping' });
    await dialog.getByLabel('Mapping type').selectOption('Expression');
    await dialog.getByLabel('Expression').fill('Join(", ", [surname], [givenName])');
    await dialog.getByText('The expression is valid.').waitFor();
    await dialog.getByLabel(/Preview on a user/).fill('ada@corp.example');
    await dialog.locator('output').getByText('Lovelace, Ada', { exact: true }).waitFor();
    await dialog.getByLabel('Target attribute').fill('title');
    await checkPage(p, 'app-mapping-add');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await users.getByRole('row', { name: /title\s+Join\(", ", \[surname\], \[givenName\]\)\s+Expression/ }).waitFor();
    await page.getByRole('button', { name: 'Save mappings' }).click();
    await page.getByText('Mappings saved.').waitFor();

    // The dry run plans the new attribute for every provisioned user, old → new.
    await page.getByRole('link', { name: 'Dry run' }).click();
    await page.getByRole('button', { name: 'Run a dry run' }).click();
    const ada = page.getByRole('table', { name: 'Changes of ada@corp.example' });
    await ada.waitFor();
    expect(await ada.innerText()).toMatch(/title\s+—\s+Lovelace, Ada/);
    expect(await page.getByRole('table', { name: 'Planned actions' }).innerText()).toMatch(/update\s+User grace@corp\.example/);
    // Nothing was sent by the dry run.
    expect((await targetUsers())['ada@corp.example']).toEqual({ active: true });

    // Provisioning On again: its first cycle carries the new mapping.
    await turnOn(p, appId);
    await expect.poll(targetUsers, { timeout: 20_000 }).toEqual({
      'ada@corp.example': { active: true, title: 'Lovelace, Ada' },
      'grace@corp.example': { active: true, title: 'Hopper, Grace' },
      'alan@corp.example': { active: true, title: 'Turing, Alan' },
    });

    // Delete the mobile phone mapping and save; the saved mappings are what the admin API returns.
    await page.goto(`/#/apps/${appId}/provisioning`);
    await users.getByRole('button', { name: 'Delete phoneNumbers[type eq "mobile"].value' }).click();
    await page.getByRole('button', { name: 'Save mappings' }).click();
    await page.getByText('Mappings saved.').waitFor();
    const { app } = await adminGet(`/apps/${appId}`);
    expect(app.mappings.users.mappings.map((m: { target: string }) => m.target)).toEqual(['userName', 'active', 'name.givenName', 'name.familyName', 'externalId', 'title']);
    expect(app.mappings.users.mappings.at(-1)).toEqual({ target: 'title', source: { type: 'expression', expression: 'Join(", ", [surname], [givenName])' } });
    await page.reload();
    await expect.poll(async () => (await users.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim())).toEqual(['userName', 'active', 'name.givenName', 'name.familyName', 'externalId', 'title']);
    expect(p.problems).toEqual([]);
  });

  it('staged deletions, rejected: the group unassigned, the deletions above the threshold are held and shown; Reject sends nothing', async () => {
    const before = { users: await targetUsers(), groups: await targetGroups() };
    await page.goto(`/#/apps/${appId}/users`);
    await page.getByRole('button', { name: 'Remove Facilities team' }).click();
    await page.getByText('Facilities team is no longer assigned.').waitFor();

    await syncPage();
    const held = page.getByRole('region', { name: /Staged deletions/ });
    await held.waitFor({ timeout: 20_000 });
    const rows = await held.getByRole('table', { name: 'Disables and deletes waiting for approval' }).locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 2).join(' ')).sort()).toEqual(['delete Group Facilities team', 'disable User alan@corp.example', 'disable User grace@corp.example']);
    await checkPage(p, 'app-sync-staged-deletions');
    // Held: the target is exactly as before.
    expect({ users: await targetUsers(), groups: await targetGroups() }).toEqual(before);

    await held.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Rejected: nothing is sent.').waitFor();
    await expect.poll(() => held.count()).toBe(0);
    // A cycle after the rejection sends nothing either.
    const lastBefore = (await adminGet(`/apps/${appId}/status`)).last.id;
    await page.getByRole('button', { name: 'Start a cycle now' }).click();
    await expect.poll(async () => {
      const { last } = await adminGet(`/apps/${appId}/status`);
      return last.id !== lastBefore && last.endedAt !== null;
    }, { timeout: 20_000 }).toBe(true);
    expect({ users: await targetUsers(), groups: await targetGroups() }).toEqual(before);
    expect((await adminGet(`/apps/${appId}/status`)).held.count).toBe(0);
  });

  it('staged deletions, approved: a restart holds them again, Approve sends them, the target is exact', async () => {
    await syncPage();
    await page.getByRole('button', { name: 'Restart provisioning' }).click();
    const held = page.getByRole('region', { name: /Staged deletions/ });
    await held.waitFor({ timeout: 20_000 });
    await held.getByRole('heading', { name: 'Staged deletions (3)' }).waitFor();
    await held.getByRole('button', { name: 'Approve 3' }).click();
    await page.getByText('Approved: a cycle is sending them.').waitFor();
    await expect.poll(targetGroups, { timeout: 20_000 }).toEqual({});
    await expect.poll(targetUsers, { timeout: 20_000 }).toEqual({
      'ada@corp.example': { active: true, title: 'Lovelace, Ada' },
      'grace@corp.example': { active: false, title: 'Hopper, Grace' },
      'alan@corp.example': { active: false, title: 'Turing, Alan' },
    });
    await syncPage();
    expect(await held.count()).toBe(0);
    expect(p.problems).toEqual([]);
  });

  it('quarantine: the target revokes the token, the banner gives the reason; a new token saved, Restart clears it and the change arrives', async () => {
    // Facilities' admin revokes the token on the tenant's page.
    await page.goto(`/#/tenants/${encodeURIComponent(facilities.id)}/scim`);
    await page.getByRole('button', { name: 'Revoke token entra' }).click();
    await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('Token entra is revoked').waitFor();

    // A change in the directory: the change-triggered cycle meets a 401 and the app goes into quarantine.
    const [adaId] = (await scim(corp, 'GET', `/Users?filter=${encodeURIComponent('userName eq "ada@corp.example"')}`)).body.Resources.map((u: { id: string }) => u.id);
    expect((await scim(corp, 'PATCH', `/Users/${adaId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'name.givenName', value: 'Augusta Ada' }] })).status).toBe(200);
    await page.goto(`/#/apps/${appId}/sync`);
    const banner = page.getByRole('alert').filter({ hasText: 'Provisioning is in quarantine' });
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toMatch(/EncounteredQuarantineException: the target refused the Secret Token \(401\)/);
    expect(await banner.innerText()).toMatch(/changes in the directory start no cycle and scheduled cycles come less and less often/);
    expect(await page.getByText('In quarantine', { exact: true }).count()).toBe(1);
    await checkPage(p, 'app-sync-quarantine');
    expect((await adminGet(`/apps/${appId}/status`)).state).toBe('quarantine');

    // A new token from Facilities, pasted into the app's Provisioning page and saved.
    await page.goto(`/#/tenants/${encodeURIComponent(facilities.id)}/scim`);
    await page.getByRole('button', { name: /^(Activate SCIM: generate a|Generate another) Secret Token$/ }).click();
    const gen = page.getByRole('dialog', { name: 'Generate a Secret Token' });
    await gen.getByLabel('Name (optional)').fill('entra-2');
    await gen.getByRole('button', { name: 'Generate token' }).click();
    await page.getByRole('button', { name: 'Copy Secret Token' }).click();
    await page.getByText('Secret Token copied to the clipboard.').waitFor();
    facilities = { ...facilities, token: await page.evaluate(() => navigator.clipboard.readText()) };
    await page.goto(`/#/apps/${appId}/provisioning`);
    await page.getByLabel('Secret Token').fill(facilities.token);
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await page.getByText('Test Connection succeeded').waitFor();
    const connection = page.getByRole('region', { name: 'Connection and notifications' });
    await connection.getByRole('button', { name: 'Save', exact: true }).click();
    await connection.getByText('Saved.').waitFor();

    await page.goto(`/#/apps/${appId}/sync`);
    await banner.getByRole('button', { name: 'Restart provisioning' }).click();
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await adminGet(`/apps/${appId}/status`)).state, { timeout: 20_000 }).toBe('on');
    const [ada] = (await scim(facilities, 'GET', `/Users?filter=${encodeURIComponent('userName eq "ada@corp.example"')}`)).body.Resources;
    expect(ada.name.givenName).toBe('Augusta Ada');
    expect(ada.title).toBe('Lovelace, Augusta Ada');
    expect(p.problems).toEqual([]);
  });
});
