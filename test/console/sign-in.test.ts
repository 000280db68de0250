import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkPage, describeBrowser, launchBrowser, openPage, signIn } from './support/browser.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

const PASSWORD = 'correct horse battery staple';

// Sign-in in a real browser against a real `scimkit serve`: first-run set-up, sign-out, sign-in.
describeBrowser('console: sign-in', () => {
  let server: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for the first admin on first run, signs in, signs out and signs in again', async () => {
    const p = await openPage(browser, server.base);
    const { page } = p;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    await checkPage(p, 'first-run-setup');
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await expect.poll(() => page.getByText('Use at least 12 characters.').isVisible()).toBe(true);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor();
    expect(await page.getByText('Signed in as').textContent()).toContain('ada');
    await checkPage(p, 'tenants-empty');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    await expect.poll(() => page.getByText('You are signed out.').isVisible()).toBe(true);
    await checkPage(p, 'sign-in');
    // The session is gone on the server too: a reload does not bring the shell back.
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();

    // By keyboard alone: the user name has focus, Tab goes to the password, Enter signs in.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('username');
    await page.keyboard.type('Ada');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor();
    // Focus lands on the page's heading (a screen reader announces where the user is); Tab goes on to its action.
    expect(await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`)).toBe('H1 Tenants');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New tenant');
    expect(p.problems).toEqual([]);
    await p.context.close();
  });

  it('lets an admin create another, who then signs in with their own name', async () => {
    const p = await openPage(browser, server.base);
    const { page } = p;
    await signIn(page, 'ada', PASSWORD);
    await page.getByRole('link', { name: 'Admins' }).click();
    await page.getByRole('heading', { name: 'Admins', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'New admin' });
    await dialog.getByLabel('User name').fill('grace');
    await dialog.getByLabel('Password', { exact: true }).fill(`${PASSWORD}!`);
    await dialog.getByLabel('Repeat the password').fill(`${PASSWORD}?`);
    await dialog.getByText('The two passwords differ: type the same password twice.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Create admin' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Repeat the password').fill(`${PASSWORD}!`);
    await dialog.getByRole('button', { name: 'Create admin' }).click();
    await page.getByText('Admin grace created').waitFor();
    await page.getByRole('row', { name: /grace/ }).waitFor();
    await checkPage(p, 'admins');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'grace', `${PASSWORD}!`);
    expect(await page.getByText('Signed in as').textContent()).toContain('grace');
    expect(p.problems).toEqual([]);
    await p.context.close();
  });
});
