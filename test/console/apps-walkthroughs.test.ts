import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkPage, describeBrowser, launchBrowser, openPage, signIn, type ConsolePage } from './support/browser.js';
import { activateScimInConsole, addApp, assignUser, turnOn } from './support/app-console.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { createAdmin, findUser, scim, scimUser, tenantWithToken, type TenantAccess } from './support/directory-setup.js';

const PASSWORD = 'correct horse battery staple';

// The seeds' walkthroughs in a real browser against a real `scimkit serve`: a directory tenant (Corp) and,
// per app, a tenant that plays the SaaS app with the token its admin copied when activating SCIM.
describeBrowser('console: apps, the seed walkthroughs', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let corp: TenantAccess;
  let p: ConsolePage;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    await createAdmin(server, 'dana', PASSWORD);
    corp = await tenantWithToken(server, 'Corp');
    await scimUser(corp, 'ada@corp.example', { name: { givenName: 'Ada', familyName: 'Lovelace' }, displayName: 'Ada Lovelace', emails: [{ value: 'ada@corp.example', type: 'work', primary: true }], phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }] });
    await scimUser(corp, 'grace@corp.example', { name: { givenName: 'Grace', familyName: 'Hopper' }, displayName: 'Grace Hopper' });
    p = await openPage(browser, server.base);
    page = p.page;
    await signIn(page, 'dana', PASSWORD);
  });
  afterAll(async () => {
    await p?.context.close();
    await browser?.close();
    await server?.stop();
  });

  it('SpaceIQ (seed 000), all in the browser: its admin activates SCIM and copies the token, the directory admin adds SpaceIQ from the gallery with them, Test Connection succeeds, one user assigned, provisioning On, and the user is in SpaceIQ', async () => {
    // The app side: SpaceIQ's admin activates SCIM on the tenant's Provisioning (SCIM) page and copies the token.
    const spaceiq = await activateScimInConsole(p, 'SpaceIQ');
    expect(spaceiq.scimUrl).toBe(`${server.base}/scim/v2/${spaceiq.id}`);
    expect(spaceiq.token.length).toBeGreaterThan(30);
    const id = await addApp(p, 'SpaceIQ', spaceiq, { screenshot: 'app-new-provisioning', galleryScreenshot: 'apps-gallery' });
    // The saved app: the token is never shown again, the notification settings are kept.
    expect(await page.getByLabel('Secret Token').inputValue()).toBe('');
    expect(await page.getByLabel('Notification Email').inputValue()).toBe('ops@corp.example');
    expect(await page.getByLabel('Send an email notification when a failure occurs').isChecked()).toBe(true);
    await checkPage(p, 'app-provisioning');

    await assignUser(p, id, 'ada@corp.example', 'User');
    await checkPage(p, 'app-users-and-groups');
    expect(await findUser(spaceiq, 'ada@corp.example')).toEqual([]);
    await turnOn(p, id);
    await expect.poll(async () => (await findUser(spaceiq, 'ada@corp.example')).length, { timeout: 20_000 }).toBe(1);
    const [ada] = await findUser(spaceiq, 'ada@corp.example');
    expect(ada).toMatchObject({ active: true, displayName: 'Ada Lovelace', name: { givenName: 'Ada', familyName: 'Lovelace' } });
    // Grace is not assigned: not provisioned.
    expect(await findUser(spaceiq, 'grace@corp.example')).toEqual([]);
    // SpaceIQ's own view: the tenant's users page in the console lists Ada, and only her.
    await page.goto(`/#/tenants/${encodeURIComponent(spaceiq.id)}/users`);
    const users = page.getByRole('table', { name: 'Users of SpaceIQ' });
    await users.getByRole('row', { name: /ada@corp\.example/ }).waitFor();
    expect(await users.locator('tbody tr').count()).toBe(1);
    await checkPage(p, 'tenant-users-provisioned');
    await page.goto(`/#/apps/${id}/provisioning`);

    await page.getByRole('link', { name: 'Synchronization details' }).click();
    await expect.poll(() => page.getByText('1 user, 0 groups').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('img', { name: /Actions in the last \d+ cycles: 1 created/ }).waitFor();
    await checkPage(p, 'app-sync-details');
    expect(p.problems).toEqual([]);
  });

  it('a wrong Secret Token: Test Connection fails and says why, with the status and what the app answered', async () => {
    const officespace = await tenantWithToken(server, 'OfficeSpace');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Apps' }).click();
    await page.getByRole('button', { name: 'Add OfficeSpace Software' }).click();
    await page.getByRole('dialog').getByLabel('Directory').selectOption({ label: 'Corp' });
    await page.getByRole('dialog').getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel('Tenant URL').fill(officespace.scimUrl);
    await page.getByLabel('Secret Token').fill(`${officespace.token.slice(0, -4)}abcd`);
    await page.getByRole('button', { name: 'Test Connection' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Test Connection failed' });
    await failure.waitFor();
    const text = await failure.innerText();
    expect(text).toMatch(/refused the Secret Token \(401 Unauthorized\): check the token/);
    expect(text).toMatch(/Status: 401/);
    expect(text).toMatch(/The target answered:/);
    expect(text).not.toContain(officespace.token.slice(20));
    await checkPage(p, 'app-test-connection-failed');
    // A Tenant URL that is not a SCIM base URL: a 404 explained.
    await page.getByLabel('Tenant URL').fill(`${server.base}/nothing-here`);
    await page.getByLabel('Secret Token').fill(officespace.token);
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await page.getByText(/404 Not Found\): the Tenant URL must be the SCIM base URL/).waitFor();
  });

  it('Howspace: the attribute tables of its guide, groups with members, provisioned', async () => {
    const howspace = await tenantWithToken(server, 'Howspace');
    const group = await scim(corp, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Workspace members', members: [{ value: (await findUser(corp, 'grace@corp.example'))[0].id }] });
    expect(group.status).toBe(201);
    const id = await addApp(p, 'Howspace', howspace);
    // The user attribute table of Howspace's guide, then the group table.
    const users = page.getByRole('table', { name: 'Attribute mappings for users' });
    const userTargets = (await users.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
    expect(userTargets).toEqual(['userName', 'active', 'name.givenName', 'name.familyName', 'phoneNumbers[type eq "mobile"].value', 'externalId']);
    expect(await users.locator('tbody tr').first().innerText()).toMatch(/userName\s+userPrincipalName\s+Direct\s+1/);
    const groups = page.getByRole('table', { name: 'Attribute mappings for groups' });
    expect((await groups.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim())).toEqual(['displayName', 'externalId', 'members']);
    expect(await page.getByLabel('Provision groups and their members').isChecked()).toBe(true);

    // The expression editor in the mapping dialog: the active mapping, previewed on Ada. She is not assigned
    // yet, so she counts as soft-deleted and would be sent as inactive; a typo is caught with its position.
    await users.getByRole('button', { name: 'Edit active' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit mapping: active' });
    await dialog.getByText('The expression is valid.').waitFor();
    await dialog.getByLabel(/Preview on a user/).fill('ada@corp.example');
    await dialog.locator('output').getByText('False', { exact: true }).waitFor();
    const expression = dialog.getByLabel('Expression');
    await expression.fill('Switch([IsSoftDeleted], , "False", "True" "True", "False")');
    await dialog.getByText(/Column 43:.*expected/).waitFor();
    expect(await dialog.getByRole('button', { name: 'OK' }).isDisabled()).toBe(true);
    await checkPage(p, 'app-mapping-expression');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`/#/apps/${id}/users`);
    await page.getByLabel('Type').selectOption('Group');
    await page.getByLabel('Group (name)').fill('Workspace members');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Workspace members is assigned').waitFor();
    await assignUser(p, id, 'ada@corp.example');

    // Dry run first: the plan names the creates.
    await page.getByRole('link', { name: 'Dry run' }).click();
    await page.getByRole('button', { name: 'Run a dry run' }).click();
    const plan = page.getByRole('table', { name: 'Planned actions' });
    await plan.waitFor();
    const planText = await plan.innerText();
    expect(planText).toMatch(/create\s+User ada@corp\.example/);
    expect(planText).toMatch(/create\s+User grace@corp\.example/);
    expect(planText).toMatch(/create\s+Group Workspace members/);
    await checkPage(p, 'app-dry-run');

    // Provision on demand: Ada, with each step.
    await page.getByRole('link', { name: 'Provision on demand' }).click();
    await page.getByLabel('User (userName)').fill('ada@corp.example');
    await page.getByRole('button', { name: 'Provision' }).click();
    const record = page.getByRole('article', { name: 'create ada@corp.example' });
    await record.waitFor();
    const steps = await record.locator('.step-name').allInnerTexts();
    expect(steps.map((s) => s.toLowerCase())).toEqual(expect.arrayContaining(['import', 'scope', 'match', 'action']));
    await checkPage(p, 'app-provision-on-demand');
    expect(await findUser(howspace, 'ada@corp.example')).toHaveLength(1);

    await turnOn(p, id);
    await expect.poll(async () => (await findUser(howspace, 'grace@corp.example')).length, { timeout: 20_000 }).toBe(1);
    await expect
      .poll(async () => {
        const g = await scim(howspace, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "Workspace members"')}`);
        return (g.body.Resources?.[0]?.members ?? []).length;
      }, { timeout: 20_000 })
      .toBe(1);
    const [grace] = await findUser(howspace, 'grace@corp.example');
    expect(grace).toMatchObject({ name: { givenName: 'Grace', familyName: 'Hopper' }, active: true });
    const [ada] = await findUser(howspace, 'ada@corp.example');
    expect(ada.phoneNumbers).toEqual([expect.objectContaining({ type: 'mobile', value: '+1 555 0100' })]);
    expect(p.problems).toEqual([]);
  });

  it('the provisioning logs show the actions, filter them, show a record in detail, and export CSV and JSON', async () => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Apps' }).click();
    await page.getByRole('link', { name: 'Howspace' }).click();
    await page.getByRole('link', { name: 'Provisioning logs' }).click();
    const table = page.getByRole('table', { name: /Provisioning log records/ });
    await expect.poll(async () => (await table.innerText()).includes('grace@corp.example'), { timeout: 15_000 }).toBe(true);
    expect(await table.innerText()).toMatch(/create\s+success\s+User ada@corp\.example/);
    await page.getByLabel('Action').selectOption('create');
    await page.getByLabel('Identity').fill('grace');
    await expect.poll(async () => (await table.locator('tbody tr').allInnerTexts()).every((r) => /create/.test(r) && /grace/.test(r))).toBe(true);
    await table.getByRole('button', { name: 'Details of create grace@corp.example' }).click();
    const detail = page.getByRole('region', { name: 'Details' });
    await detail.getByRole('heading', { name: /User grace@corp\.example: create/ }).waitFor();
    const detailText = await detail.innerText();
    expect(detailText).toMatch(/Modified properties/);
    expect(detailText).toMatch(/name\.givenName\s+—\s+Grace/);
    await checkPage(p, 'app-provisioning-logs');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('Howspace-logs.csv');
    const csvText = await streamText(await csv.createReadStream());
    expect(csvText.split('\r\n')[0]).toMatch(/^at,cycleId,kind,action,status/);
    expect(csvText).toContain('grace@corp.example');
    expect(csvText).not.toContain('ada@corp.example');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download JSON' }).click()]);
    const records = JSON.parse(await streamText(await json.createReadStream())) as { action: string; sourceName: string }[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.action === 'create' && r.sourceName.includes('grace'))).toBe(true);
    expect(p.problems).toEqual([]);
  });
});

async function streamText(s: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
