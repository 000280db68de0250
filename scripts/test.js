// `npm test`: runs vitest on SQLite and, when it is reachable, PostgreSQL, and ends with one summary line
// `N passed, N failed[, N skipped]`. Extra arguments go to vitest (`npm test -- test/cli.test.ts`).
// SCIMKIT_REQUIRE_POSTGRES=1 (CI) turns an unreachable PostgreSQL into a failure instead of a skipped half, and
// SCIMKIT_REQUIRE_CHROMIUM=1 a missing Chromium into a failure instead of skipped console browser tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildConsole } from './build-console.js';
import { buildCli } from './build.js';
import { buildIsCurrent, consoleBuildIsCurrent } from './built.js';
import { findChromium } from './find-chromium.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = join('.test-results', 'vitest.json');
const pgUrl = process.env.SCIMKIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL without its password, for messages. */
function safeUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return url;
  }
}

async function probePostgres(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    const inner = err instanceof AggregateError && err.errors.length ? err.errors[0] : err;
    return inner?.message || inner?.code || String(inner);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function summarize(report, vitestCode) {
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that fails to load (syntax error, failing beforeAll) has no failed test in it, but it is a failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  for (const f of brokenFiles) console.log(`Test file failed to run: ${f.name.startsWith(root) ? f.name.slice(root.length + 1) : f.name}`);
  failed += brokenFiles.length;
  if (vitestCode !== 0 && failed === 0) {
    console.log(`vitest exited with code ${vitestCode} although no test failed (unhandled error? see above): counting the run as 1 failure.`);
    failed = 1;
  }
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

async function main() {
  // The CLI suites run bin/scimkit.js, which runs the built CLI when it is current: rebuild (well under a
  // second) rather than let every command compile TypeScript again.
  if (!buildIsCurrent()) await buildCli().catch((err) => console.log(`scimkit tests: could not build dist/ (${err.message}); the CLI runs from its sources`));
  // The browser tests drive the console as `scimkit serve` serves it: web/dist must match web/.
  if (!consoleBuildIsCurrent()) await buildConsole().catch((err) => console.log(`scimkit tests: could not build the admin console (${err.message}); its browser tests will fail`));
  const env = { ...process.env };
  const warnings = [];
  if (!findChromium(env)) {
    if (env.SCIMKIT_REQUIRE_CHROMIUM === '1') {
      console.error('scimkit tests: Chromium is required (SCIMKIT_REQUIRE_CHROMIUM=1) but not found (chromium on PATH, or SCIMKIT_CHROMIUM)');
      console.log('0 passed, 1 failed');
      return 1;
    }
    warnings.push('Chromium not found (install the chromium package, or set SCIMKIT_CHROMIUM): the console browser tests are SKIPPED.');
    console.log(warnings[0]);
  }
  let warning;
  const wanted = (env.SCIMKIT_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  if (wanted.includes('postgres')) {
    const problem = await probePostgres(pgUrl);
    if (problem !== undefined) {
      if (env.SCIMKIT_REQUIRE_POSTGRES === '1') {
        console.error(`scimkit tests: PostgreSQL is required (SCIMKIT_REQUIRE_POSTGRES=1) but not reachable at ${safeUrl(pgUrl)}: ${problem}`);
        console.log('0 passed, 1 failed');
        return 1;
      }
      warning = `PostgreSQL not reachable at ${safeUrl(pgUrl)}: running the SQLite half only; the PostgreSQL half is SKIPPED.`;
      env.SCIMKIT_TEST_DIALECTS = wanted.filter((d) => d !== 'postgres').join(',') || 'sqlite';
      console.log(warning);
    }
  } else {
    warning = `SCIMKIT_TEST_DIALECTS=${env.SCIMKIT_TEST_DIALECTS}: the PostgreSQL half is SKIPPED.`;
  }

  mkdirSync(join(root, '.test-results'), { recursive: true });
  rmSync(join(root, reportFile), { force: true });
  const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const args = ['run', '--reporter=default', '--reporter=json', `--outputFile=${reportFile}`, ...process.argv.slice(2)];
  const child = spawn(process.execPath, [vitestBin, ...args], { cwd: root, env, stdio: 'inherit' });
  // Ctrl+C reaches vitest too (same process group); wait for it to finish instead of dying first.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const vitestCode = await new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`scimkit tests: cannot start vitest: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

  let report;
  try {
    report = existsSync(join(root, reportFile)) ? JSON.parse(readFileSync(join(root, reportFile), 'utf8')) : undefined;
  } catch (err) {
    console.error(`scimkit tests: cannot read ${reportFile}: ${err.message}`);
  }
  console.log('');
  if (!report) {
    console.log(`vitest wrote no report to ${reportFile} (exit code ${vitestCode}).`);
    for (const w of [...warnings, warning]) if (w) console.log(w);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const line = summarize(report, vitestCode);
  for (const w of [...warnings, warning]) if (w) console.log(w);
  console.log(line);
  return vitestCode === 0 ? 0 : vitestCode;
}

process.exitCode = await main();
