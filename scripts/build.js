// `npm run build` (run by `npm install` as the prepare script): bundles the CLI and server into plain
// JavaScript in dist/ (git-ignored), so `scimkit` starts without compiling TypeScript. kysely, commander and
// zod are bundled in: loading their hundreds of small modules was most of a CLI command's start-up. The other
// packages stay where npm put them (native ones must), and what only `serve` needs is loaded only by `serve`
// (code splitting). Without a current build, bin/scimkit.js runs the sources through tsx instead.
// It then builds the admin console (web/ into web/dist); a console that fails to build leaves the CLI working
// (`/` then says the console is not built), and the failure is reported on stderr.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConsole } from './build-console.js';
import { root } from './built.js';

const BUNDLED = new Set(['kysely', 'commander', 'zod']);

/** Builds dist/cli/ from src/; returns how long it took, in ms. */
export async function buildCli() {
  const started = Date.now();
  const { build } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
  const out = join(root, 'dist', 'cli');
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { scimkit: join(root, 'src', 'cli', 'main.ts') },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    chunkNames: 'chunk-[hash]',
    // Bundled CommonJS (commander) may call require; give the ES module one.
    banner: { js: "import { createRequire as __scimkitRequire } from 'node:module'; const require = __scimkitRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // Worker threads (heavy reads, checkpoints) start from plain JavaScript files beside the code that starts them.
  for (const f of readdirSync(join(root, 'src', 'store'))) if (f.endsWith('-worker.js')) copyFileSync(join(root, 'src', 'store', f), join(out, f));
  return Date.now() - started;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const ms = await buildCli();
    process.stdout.write(`scimkit: built dist/ in ${ms} ms\n`);
  } catch (err) {
    // An install without the bundler (or a failed build) still works: bin/scimkit.js then runs the sources.
    process.stderr.write(`scimkit: could not build dist/ (${err.message}); scimkit will run its TypeScript sources\n`);
  }
  try {
    const ms = await buildConsole();
    process.stdout.write(`scimkit: built the admin console (web/dist/) in ${ms} ms\n`);
  } catch (err) {
    process.stderr.write(`scimkit: could not build the admin console (${err.message}); scimkit serves the SCIM and admin APIs without it\n`);
  }
}
