// The steps of the seeds' walkthroughs that several browser tests take, click by click: the app side (a tenant
// activates SCIM and copies its Tenant URL and Secret Token) and the directory side (an app added from the
// gallery, users assigned, provisioning turned On).
import type { ConsolePage } from './browser.js';
import { checkPage } from './browser.js';
import type { TenantAccess } from './directory-setup.js';

/** What the clipboard holds after a copy button was clicked. */
async function clipboard(p: ConsolePage): Promise<string> {
  return p.page.evaluate(() => navigator.clipboard.readText());
}

/**
 * The app's admin in the console: a new tenant, then on its "Provisioning (SCIM)" page the Tenant URL copied and
 * SCIM activated by generating a Secret Token, copied with its button. Returns what the two copies put on the clipboard.
 */
export async function activateScimInConsole(p: ConsolePage, name: string, tokenName = 'entra'): Promise<TenantAccess> {
  const { page } = p;
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Tenants' }).click();
  await page.getByRole('button', { name: 'New tenant' }).click();
  const dialog = page.getByRole('dialog', { name: 'New tenant' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create tenant' }).click();
  await page.getByText(`Tenant ${name} created`).waitFor();
  await page.getByRole('link', { name: 'turn on SCIM provisioning' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  const id = decodeURIComponent(page.url().match(/#\/tenants\/([^/]+)\/scim/)![1]!);
  await page.getByRole('button', { name: 'Copy Tenant URL' }).click();
  await page.getByText('Tenant URL copied to the clipboard.').waitFor();
  const scimUrl = await clipboard(p);
  await page.getByRole('button', { name: 'Activate SCIM: generate a Secret Token' }).click();
  const gen = page.getByRole('dialog', { name: 'Generate a Secret Token' });
  await gen.getByLabel('Name (optional)').fill(tokenName);
  await gen.getByRole('button', { name: 'Generate token' }).click();
  await page.getByRole('button', { name: 'Copy Secret Token' }).click();
  await page.getByText('Secret Token copied to the clipboard.').waitFor();
  return { id, name, scimUrl, token: await clipboard(p) };
}

/** The directory admin adds an app from the gallery: name and directory, credentials, Test Connection, notification, Save. Returns the app's id. */
export async function addApp(p: ConsolePage, template: string, app: Pick<TenantAccess, 'scimUrl' | 'token'>, opts: { name?: string; directory?: string; screenshot?: string; galleryScreenshot?: string } = {}): Promise<string> {
  const { page } = p;
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Apps' }).click();
  await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Add Howspace' }).waitFor();
  if (opts.galleryScreenshot) await checkPage(p, opts.galleryScreenshot);
  await page.getByRole('button', { name: `Add ${template}` }).click();
  const dialog = page.getByRole('dialog', { name: `Add ${template}` });
  if (opts.name) await dialog.getByLabel('Name').fill(opts.name);
  await dialog.getByLabel('Directory').selectOption({ label: opts.directory ?? 'Corp' });
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByLabel('Tenant URL').fill(app.scimUrl);
  await page.getByLabel('Secret Token').fill(app.token);
  await page.getByRole('button', { name: 'Test Connection' }).click();
  await page.getByText('Test Connection succeeded').waitFor();
  await page.getByLabel('Notification Email').fill('ops@corp.example');
  await page.getByLabel('Send an email notification when a failure occurs').check();
  if (opts.screenshot) await checkPage(p, opts.screenshot);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: /Mappings/ }).waitFor();
  return page.url().match(/#\/apps\/([^/]+)\/provisioning/)![1]!;
}

/** Assigns one user to the app on its Users and groups page, with an app role if given. */
export async function assignUser(p: ConsolePage, appId: string, userName: string, role?: string): Promise<void> {
  const { page } = p;
  await page.goto(`/#/apps/${appId}/users`);
  await page.getByLabel('Type').selectOption('User');
  await page.getByLabel('User (userName)').fill(userName);
  if (role) await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByText(`${userName} is assigned`).waitFor();
}

/** Sets Provisioning Status On in the Settings section and saves (a cycle starts at once). */
export async function turnOn(p: ConsolePage, appId: string): Promise<void> {
  const { page } = p;
  await page.goto(`/#/apps/${appId}/provisioning`);
  await page.getByRole('radio', { name: 'On' }).check();
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Save' }).click();
  await page.getByRole('region', { name: 'Settings' }).getByText('Saved.').waitFor();
}
