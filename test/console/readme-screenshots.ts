// Regenerates the console screenshots in docs/images/ that the README shows:
//   npx tsx test/console/readme-screenshots.ts
// A real `scimkit serve` on a throwaway database, a few users, then four pages at 1200×720. Not a test.
import { join } from 'node:path';
import { ROOT } from '../support/cli-process.js';
import { addApp, turnOn } from './support/app-console.js';
import { createFirstAdmin, launchBrowser, openPage, signIn } from './support/browser.js';
import { startConsoleServer } from './support/console-server.js';

const PASSWORD = 'correct horse battery staple';
const OUT = join(ROOT, 'docs', 'images');
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Frances Allen', 'Tim Berners-Lee', 'Radia Perlman'];

const server = await startConsoleServer();
const browser = await launchBrowser();
try {
  await createFirstAdmin(server.base, 'admin', PASSWORD);
  const contoso = JSON.parse((await server.cli(['tenant', 'create', 'Contoso', '--json'])).stdout);
  await server.cli(['tenant', 'create', 'SpaceIQ']);
  const { token } = JSON.parse((await server.cli(['token', 'create', '--tenant', 'Contoso', '--name', 'hr-sync', '--json'])).stdout);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.base}/scim/v2/${contoso.id}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
    return (await res.json()) as { id: string };
  };
  const ids: string[] = [];
  for (const name of PEOPLE) {
    const [given, family] = name.split(' ');
    const user = `${given!.toLowerCase()}.${family!.toLowerCase()}@contoso.example`;
    ids.push((await post('/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: user, displayName: name, name: { givenName: given, familyName: family }, emails: [{ value: user, type: 'work', primary: true }], active: name !== 'Alan Turing' })).id);
  }
  await post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Workplace users', members: ids.map((value) => ({ value })) });
  const p = await openPage(browser, server.base, { width: 1200, height: 720 });
  const shot = async (name: string) => {
    const file = join(OUT, `${name}.png`);
    await p.page.screenshot({ path: file });
  };
  await signIn(p.page, 'admin', PASSWORD);
  await p.page.getByRole('link', { name: 'SpaceIQ' }).click();
  await p.page.getByRole('button', { name: 'Activate SCIM: generate a Secret Token' }).click();
  await p.page.getByRole('dialog').getByLabel('Name (optional)').fill('entra');
  await p.page.getByRole('button', { name: 'Generate token' }).click();
  await p.page.getByTestId('new-secret').waitFor();
  await shot('console-scim-token');
  // Contoso's users provisioned into SpaceIQ with that token: the app's Synchronization details.
  const spaceiq = { scimUrl: (await p.page.getByTestId('tenant-url').textContent())!, token: (await p.page.getByTestId('new-secret').textContent())! };
  const appId = await addApp(p, 'SpaceIQ', spaceiq, { directory: 'Contoso' });
  await p.page.goto(`/#/apps/${appId}/users`);
  await p.page.getByLabel('Type').selectOption('Group');
  await p.page.getByLabel('Group (name)').fill('Workplace users');
  await p.page.getByLabel('Role').selectOption('User');
  await p.page.getByRole('button', { name: 'Assign' }).click();
  await p.page.getByText('Workplace users is assigned').waitFor();
  await turnOn(p, appId);
  await p.page.getByRole('link', { name: 'Synchronization details' }).click();
  await p.page.getByText(/^initial, succeeded/).waitFor({ timeout: 30_000 });
  await p.page.getByText('On: waiting for the next cycle').waitFor();
  await shot('console-sync-details');
  await p.page.goto(`/#/tenants/${contoso.id}/users`);
  await p.page.getByText('1–10 of 10').waitFor();
  await shot('console-users');
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await server.stop();
}
