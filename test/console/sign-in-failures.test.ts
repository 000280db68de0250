import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkPage, createFirstAdmin, describeBrowser, launchBrowser, openPage, signIn } from './support/browser.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

const PASSWORD = 'correct horse battery staple';

// Issue 9, (5): sign-in failures, CSRF and session expiry, in a real browser against a real `scimkit serve`.
describeBrowser('console: sign-in failures, CSRF and session expiry', () => {
  let server: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    await createFirstAdmin(server.base, 'ada', PASSWORD);
    const other = await server.cli(['admin', 'create', 'grace'], `${PASSWORD}\n`);
    if (other.code !== 0) throw new Error(`admin create: ${other.stderr}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says a wrong password is wrong, then asks to wait after repeated failures, then that the name is locked', async () => {
    const p = await openPage(browser, server.base);
    const { page } = p;
    await page.goto('/');
    // One try; the error banner must come to say `expected` (polled: the previous try's banner is still there at first).
    const attempt = async (password: string, expected: RegExp) => {
      await page.getByLabel('Username').fill('grace');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(async () => (await page.getByRole('alert').count()) && page.getByRole('alert').textContent()).toMatch(expected);
    };
    await attempt('not the password', /You are not signed in.*Wrong username or password\.$/);
    await checkPage(p, 'sign-in-wrong-password');
    // Three free failures, then each failure asks to wait before the next try (back-off).
    await attempt('still wrong', /Wrong username or password\.$/);
    await attempt('wrong again', /Wrong username or password\. Wait 1 second before the next try\./);
    // While the back-off lasts even the right password is refused, with how long to wait (stretched here to
    // 30 s, so a slow machine cannot outrun the one-second wait the server just set).
    server.sql("UPDATE admin_sign_in_failures SET failures = 5, locked_until = ? WHERE username_lc = 'grace'", new Date(Date.now() + 30_000).toISOString());
    await attempt(PASSWORD, /Too many failed sign-ins: wait (29|30) seconds before the next try\./);
    // Ten failures in a row lock the name: shown as the lock, not as a wrong password.
    server.sql("UPDATE admin_sign_in_failures SET failures = 10, locked_until = ? WHERE username_lc = 'grace'", new Date(Date.now() + 15 * 60_000).toISOString());
    await attempt(PASSWORD, /this name is locked for 15 minutes\. Wait, or have another admin reset it\./);
    expect(p.problems).toEqual([]);
    await p.context.close();
  });

  it('refuses a write without the CSRF token, made from the page itself, and accepts the console’s own', async () => {
    const p = await openPage(browser, server.base);
    const { page } = p;
    await signIn(page, 'ada', PASSWORD);
    const status = (headers: Record<string, string>) =>
      page.evaluate(async (h) => {
        const r = await fetch('/admin/v1/tenants', { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify({ name: `csrf-${Math.random()}` }) });
        return { status: r.status, body: await r.json() };
      }, headers);
    const bare = await status({});
    expect(bare.status).toBe(403);
    expect(bare.body.error.code).toBe('csrf');
    expect((await status({ 'x-csrf-token': 'A'.repeat(43) })).status).toBe(403);
    // The console's own write carries the token.
    await page.getByRole('button', { name: 'New tenant' }).click();
    await page.getByRole('dialog', { name: 'New tenant' }).getByLabel('Name').fill('With token');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByText('Tenant With token created').waitFor();
    await p.context.close();
  });

  it('sends the user back to sign-in, saying why, when the session has expired', async () => {
    const p = await openPage(browser, server.base);
    const { page } = p;
    await signIn(page, 'ada', PASSWORD);
    await page.getByRole('link', { name: 'With token' }).waitFor();
    // The session ends on the server (as after 30 idle minutes); the next call the page makes gets 401 sessionExpired.
    server.sql("UPDATE admin_sessions SET expires_at = '2000-01-01T00:00:00.000Z'");
    await page.getByRole('link', { name: 'With token' }).click();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    await page.getByText('Your session has ended (signed out, or idle too long): sign in again.').waitFor();
    await checkPage(p, 'sign-in-session-expired');
    // Signing in again comes back to the page the user was on.
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'With token', level: 1 }).waitFor();
    expect(p.problems).toEqual([]);
    await p.context.close();
  });
});
