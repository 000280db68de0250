import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkPage, createFirstAdmin, describeBrowser, launchBrowser, openPage, signIn } from './support/browser.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

const PASSWORD = 'correct horse battery staple';

// The app side of the SpaceIQ walkthrough (seed 000): a tenant plays SpaceIQ, its admin activates SCIM and copies
// the bearer token from the console; a SCIM client then works with that token, until it is revoked.
describeBrowser('console: a tenant activates SCIM (SpaceIQ, app side)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    await createFirstAdmin(server.base, 'ada', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates the tenant, generates a Secret Token shown once, copies it, uses it over SCIM, sees its last use, revokes it', async () => {
    const p = await openPage(browser, server.base);
    const { page } = p;
    await signIn(page, 'ada', PASSWORD);

    await page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tenant' });
    await dialog.getByLabel('Name').fill('SpaceIQ');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByText('Tenant SpaceIQ created').waitFor();
    await checkPage(p, 'tenants');
    await page.getByRole('link', { name: 'turn on SCIM provisioning' }).click();

    await page.getByRole('heading', { name: 'SpaceIQ', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.badge').first().textContent()).toBe('Not active');
    const tenantUrl = (await page.getByTestId('tenant-url').textContent())!;
    expect(tenantUrl).toMatch(new RegExp(`^${server.base}/scim/`));
    await page.getByRole('button', { name: 'Copy Tenant URL' }).click();
    await page.getByText('Tenant URL copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(tenantUrl);
    await checkPage(p, 'tenant-scim-inactive');

    await page.getByRole('button', { name: 'Activate SCIM: generate a Secret Token' }).click();
    const gen = page.getByRole('dialog', { name: 'Generate a Secret Token' });
    await gen.getByLabel('Name (optional)').fill('entra');
    await gen.getByRole('button', { name: 'Generate token' }).click();
    await page.getByText('Copy the token now: it is shown only this once').waitFor();
    const secret = (await page.getByTestId('new-secret').textContent())!;
    expect(secret.length).toBeGreaterThan(30);
    await page.getByRole('button', { name: 'Copy Secret Token' }).click();
    await page.getByText('Secret Token copied to the clipboard.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(secret);
    await expect.poll(() => page.locator('#scim-status + .badge, .card .badge').first().textContent()).toBe('Active');
    await checkPage(p, 'tenant-scim-token');
    await page.setViewportSize({ width: 400, height: 800 });
    // Nothing widens the page beyond a narrow window: wide tables scroll inside their frame.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(400);
    await checkPage(p, 'tenant-scim-token-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The identity provider uses the copied token at the Tenant URL.
    const scim = (path: string, init: RequestInit = {}) => fetch(`${tenantUrl}${path}`, { ...init, headers: { authorization: `Bearer ${copied}`, 'content-type': 'application/scim+json', ...(init.headers ?? {}) } });
    const created = await scim('/Users', { method: 'POST', body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@spaceiq.example', name: { givenName: 'Grace', familyName: 'Hopper' } }) });
    expect(created.status).toBe(201);

    // The token list shows its last use (the page reads it again on reload).
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('row', { name: /entra/ }).getByRole('cell').nth(4).textContent();
      }, { timeout: 15_000 })
      .toBe('just now');
    // Hidden after a reload: the secret is never shown again.
    expect(await page.getByTestId('new-secret').count()).toBe(0);

    await page.getByRole('button', { name: 'Revoke token entra' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('Token entra is revoked').waitFor();
    await page.getByRole('row', { name: /entra/ }).getByText('Revoked').waitFor();
    expect((await scim('/Users')).status).toBe(401);

    // The activity log says who wrote what and how it ended.
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 2 }).waitFor();
    const row = page.getByRole('row', { name: /POST \/scim\/.*\/Users/ });
    await row.first().waitFor();
    expect(await row.first().textContent()).toMatch(/Token entra.*201/);
    await checkPage(p, 'tenant-activity');
    expect(p.problems).toEqual([]);
    await p.context.close();
  });
});
