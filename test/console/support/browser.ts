import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { findChromium } from '../../../scripts/find-chromium.js';
import { ROOT } from '../../support/cli-process.js';

/** The Chromium the browser tests drive (Debian's, installed by .ci/run), or undefined. */
export const CHROMIUM = findChromium();

/** SCIMKIT_REQUIRE_CHROMIUM=1 (CI): a missing Chromium fails the browser tests instead of skipping them. */
export const CHROMIUM_REQUIRED = process.env.SCIMKIT_REQUIRE_CHROMIUM === '1';

/** `describe` for browser tests: skipped (and `npm test` says so) when there is no Chromium, unless it is required. */
export const describeBrowser: typeof describe = CHROMIUM || CHROMIUM_REQUIRED ? describe : (describe.skip as typeof describe);

/** Where screenshots go: test-artifacts/console/ (git-ignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');

/** Launches headless Chromium; one per test file. */
export async function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium is required (SCIMKIT_REQUIRE_CHROMIUM=1) but was not found: install the chromium package, or set SCIMKIT_CHROMIUM to its path.');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** A page of a fresh browser context (its own cookies) at 1280×800, with what went wrong in it collected. */
export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions other than failed requests the test provoked (CSP violations count). */
  problems: string[];
}

/** Opens a new context and page; the clipboard is allowed so copy buttons can be checked. */
export async function openPage(browser: Browser, base: string, viewport = { width: 1280, height: 800 }): Promise<ConsolePage> {
  const context = await browser.newContext({ baseURL: base, viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // Chromium logs every 4xx answer as "Failed to load resource": tests provoke those on purpose.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return { context, page, problems };
}

/** Signs in through the form and waits for the shell. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('main#main').waitFor();
}

/** Creates the first admin through the API (first-run set-up), for test files that are not about set-up. */
export async function createFirstAdmin(base: string, username: string, password: string): Promise<void> {
  const res = await fetch(`${base}/admin/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 201) throw new Error(`first-run set-up answered ${res.status}: ${await res.text()}`);
}

/** Saves a full-page screenshot as test-artifacts/console/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core violation, as a test failure lists it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the page (WCAG 2 A and AA rules) and returns the serious and critical violations.
 * axe is evaluated through the DevTools protocol, so the console's CSP (no inline scripts) stays on.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const found = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with the list when axe finds serious or critical violations on the page. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const v = await axeViolations(page);
  expect(v, `${what}: axe-core found ${v.length} serious or critical violation(s):\n${v.map((x) => `- [${x.impact}] ${x.id}: ${x.help} at ${x.nodes.join(', ')}`).join('\n')}`).toEqual([]);
}

/** The screenshot and the accessibility check of one main page. */
export async function checkPage(p: ConsolePage, name: string): Promise<void> {
  await screenshot(p.page, name);
  await expectAccessible(p.page, name);
}
