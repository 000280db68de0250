import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkPage, createFirstAdmin, describeBrowser, launchBrowser, openPage, signIn, type ConsolePage } from './support/browser.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

const PASSWORD = 'correct horse battery staple';
const pad = (i: number) => String(i).padStart(2, '0');

// A tenant's directory in the console: CSV import with a preview and per-row errors, users (search, paging,
// detail, create, edit, disable, delete), groups and their members, and the console's own writes in the activity log.
describeBrowser('console: a tenant’s users and groups', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let p: ConsolePage;
  let users: string;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    await createFirstAdmin(server.base, 'ada', PASSWORD);
    const t = await server.cli(['tenant', 'create', 'Contoso', '--json']);
    if (t.code !== 0) throw new Error(`tenant create: ${t.stderr}`);
    users = `/#/tenants/${JSON.parse(t.stdout).id}/users`;
    p = await openPage(browser, server.base);
    await signIn(p.page, 'ada', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports users from CSV: a preview with every row’s problems, then only the valid rows', async () => {
    const { page } = p;
    await page.getByRole('link', { name: 'Contoso' }).click();
    await page.getByRole('link', { name: 'Import users' }).click();
    const rows = Array.from({ length: 30 }, (_, i) => `user${pad(i + 1)}@contoso.example,User,${pad(i + 1)},user${pad(i + 1)}@contoso.example,Engineer,R&D,true`);
    const csv = ['userName,givenName,familyName,email,title,department,active', ...rows, 'user01@contoso.example,Dup,Licate,,,,', 'bad@contoso.example,Bad,Row,not-an-email,,,maybe'].join('\n');
    await page.getByLabel('…or paste it here').fill(csv);
    await page.getByRole('button', { name: 'Check rows' }).click();
    await page.getByText('30 rows ready to import, 2 with problems').waitFor();
    const dup = page.getByRole('row', { name: /^32 / });
    expect(await dup.textContent()).toMatch(/invalid.*userName user01@contoso\.example is also on line 2/);
    const bad = page.getByRole('row', { name: /^33 / });
    expect(await bad.textContent()).toMatch(/active must be true or false, not "maybe".*email "not-an-email" is not an e-mail address|email "not-an-email" is not an e-mail address.*active must be true or false/);
    await checkPage(p, 'directory-import-preview');
    await page.getByRole('button', { name: 'Import 30 valid rows' }).click();
    await page.getByText('30 users created, 2 skipped as invalid').waitFor();
    expect(await page.getByRole('row', { name: /^2 / }).textContent()).toMatch(/user01@contoso\.example.*created/);
  });

  it('lists users a page at a time, searches, and shows a user’s detail', async () => {
    const { page } = p;
    await page.goto(users);
    await page.getByText('1–25 of 30').waitFor();
    expect(await page.getByRole('table', { name: /Users of Contoso/ }).getByRole('row').count()).toBe(26);
    await checkPage(p, 'directory-users');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('26–30 of 30').waitFor();
    expect(await page.getByRole('link', { name: 'user30@contoso.example' }).count()).toBe(1);
    await page.getByLabel('Search users (name, user name or e-mail)').fill('user07');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('link', { name: 'user07@contoso.example' }).click();
    await page.getByRole('heading', { name: /User 07/, level: 2 }).waitFor();
    // The new page is announced, and focus, whose link is gone, is on the page's heading.
    expect(await page.locator('p[aria-live="polite"]').textContent()).toBe('User');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.locator('.kv').textContent()).toMatch(/Job titleEngineer.*DepartmentR&D/);
    await checkPage(p, 'directory-user-detail');
  });

  it('creates, edits, disables and deletes a user; a taken user name says what to do', async () => {
    const { page } = p;
    await page.goto(users);
    await page.getByRole('button', { name: 'New user' }).click();
    let dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('User name').fill('user01@contoso.example');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/The user was not created.*already exists.*Choose another name/);
    await checkPage(p, 'directory-user-create-error');
    await dialog.getByLabel('User name').fill('ann@contoso.example');
    await dialog.getByLabel('Given name').fill('Ann');
    await dialog.getByLabel('Family name').fill('Lee');
    await dialog.getByLabel('E-mail').fill('ann@contoso.example');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('User created.').waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit ann@contoso.example' });
    await dialog.getByLabel('Job title').fill('Architect');
    await dialog.getByLabel('Display name').fill('Ann Lee');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await expect.poll(() => page.locator('.kv').textContent()).toMatch(/Display nameAnn Lee.*Job titleArchitect/);

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('User disabled.').waitFor();
    await page.getByRole('heading', { name: /Ann Lee/ }).getByText('Disabled').waitFor();
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByText('User enabled.').waitFor();

    await page.goto(users);
    await page.getByLabel('Search users (name, user name or e-mail)').fill('user30');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'user30@contoso.example' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete user30@contoso.example?' }).getByRole('button', { name: 'Delete user' }).click();
    await page.getByText('1–25 of 30').waitFor();
    expect(await page.getByRole('link', { name: 'user30@contoso.example' }).count()).toBe(0);
  });

  it('creates a group, adds and removes members, renames it; the user shows the group', async () => {
    const { page } = p;
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    await page.getByRole('dialog', { name: 'New group' }).getByLabel('Group name').fill('Engineering');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByText('Group created: add its members below.').waitFor();
    for (const who of ['ann@contoso.example', 'user02@contoso.example']) {
      await page.getByLabel('Find users (name, user name or e-mail)').fill(who.split('@')[0]!);
      await page.getByRole('button', { name: 'Find', exact: true }).click();
      await page.getByRole('button', { name: `Add ${who} to the group` }).click();
      await page.getByText(`${who} added.`).waitFor();
    }
    await page.getByRole('heading', { name: 'Members (2)' }).waitFor();
    await page.getByRole('button', { name: /Remove User 02 from the group|Remove user02@contoso\.example from the group/ }).click();
    await page.getByRole('heading', { name: 'Members (1)' }).waitFor();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('dialog', { name: 'Rename group' }).getByLabel('Group name').fill('Platform Engineering');
    await page.getByRole('dialog', { name: 'Rename group' }).getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: 'Platform Engineering', level: 2 }).waitFor();
    await checkPage(p, 'directory-group-detail');
    await page.getByRole('table', { name: 'Members of Platform Engineering' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: /Ann Lee/ }).waitFor();
    await page.getByRole('link', { name: 'Platform Engineering' }).waitFor();
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('row', { name: /Platform Engineering/ }).waitFor();
    await checkPage(p, 'directory-groups');
  });

  it('logs the console’s writes in the activity log, and fits a narrow window', async () => {
    const { page } = p;
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 2 }).waitFor();
    // Who: the admin signed in to the console.
    await page.getByRole('row', { name: /Console \(ada\).*DELETE \/admin\/v1\/tenants\/.*\/users\/.*204/ }).waitFor();
    await page.getByLabel('Method').selectOption('PATCH');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await page.getByRole('row').allTextContents()).slice(1).filter((r) => !r.includes('PATCH'))).toEqual([]);

    const narrow = await openPage(browser, server.base, { width: 400, height: 800 });
    await signIn(narrow.page, 'ada', PASSWORD);
    await narrow.page.goto(users);
    await narrow.page.getByText('1–25 of 30').waitFor();
    expect(await narrow.page.locator('#sidebar-nav').getByRole('link', { name: 'Tenants' }).isVisible()).toBe(false);
    await narrow.page.getByRole('button', { name: 'Menu' }).click();
    expect(await narrow.page.locator('#sidebar-nav').getByRole('link', { name: 'Tenants' }).isVisible()).toBe(true);
    expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth)).toBe(400);
    await checkPage(narrow, 'directory-users-narrow');
    expect([...p.problems, ...narrow.problems]).toEqual([]);
    await narrow.context.close();
  });
});
