/** The optional SCIMMY-based baseline (`--scimmy`): lookups, creates and PATCH against a server built on the scimmy library. */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { freePort, startChild } from './child.js';
import type { Log } from './run-scimkit.js';
import { createRequests, lookupRequests, patchUserRequests, runLoad, sanityCheck, type LoadOptions, type Target } from './scenarios.js';
import type { BaselineRun, BenchArgs } from './types.js';

const mb = (mib: number) => (mib * 2 ** 20) / 1e6;

/** Runs the SCIMMY baseline at one size; a size above --baseline-max-users, or one that cannot load in time, is reported skipped. */
export async function runScimmy(repoRoot: string, users: number, a: BenchArgs, log: Log): Promise<BaselineRun> {
  const started = performance.now();
  const run: BaselineRun = { users, wallSeconds: 0 };
  if (users > a.baselineMaxUsers) {
    run.skipped = `not run above --baseline-max-users ${a.baselineMaxUsers.toLocaleString('en-US')}`;
    return run;
  }
  const load: LoadOptions = { connections: a.connections, duration: a.duration, warmup: a.warmup, timeoutSeconds: a.timeoutSeconds };
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  // The baseline keeps everything in the V8 heap; give it what a million users need (or most of the machine).
  const heapMiB = Math.min(16_384, Math.floor((os.totalmem() / 2 ** 20) * 0.6));
  let server: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    log(`SCIMMY baseline ${users.toLocaleString('en-US')}: loading`);
    try {
      server = await startChild(repoRoot, 'bench/baseline-server.ts', ['--users', String(users), '--port', String(port), '--token', token], {
        port,
        nodeArgs: [`--max-old-space-size=${heapMiB}`],
        readyTimeoutMs: a.baselineReadyTimeout * 1000,
      });
    } catch (err) {
      run.skipped = `could not load ${users.toLocaleString('en-US')} users: ${(err as Error).message}`;
      log(`  skipped: ${run.skipped}`);
      return run;
    }
    run.loadSeconds = Number(server.ready.loadSeconds);
    const t: Target = { origin: server.origin, prefix: '/scim/v2', token, users, userIds: server.ready.chunks as string[] };
    await sanityCheck(t);
    const afterLoad = server.memory();
    const tag = `scimmy-${users}-${randomBytes(3).toString('hex')}`;
    run.patchUser = await runLoad('patchUser', t, patchUserRequests(t, tag), load);
    run.create = await runLoad('create', t, createRequests(tag), load);
    // Lookups go last: SCIMMY filters by scanning every record, and at large sizes the requests still queued
    // when the window closes would take minutes to drain; the server is stopped instead.
    run.lookup = await runLoad('lookup', t, lookupRequests(t), load, { drainAfter: false });
    log(`  SCIMMY: lookups ${run.lookup.okPerSecond.toFixed(1)}/s, creates ${run.create.okPerSecond.toFixed(0)}/s, PATCH ${run.patchUser.okPerSecond.toFixed(0)}/s`);
    const end = server.memory();
    run.memory = { afterLoadMB: mb(afterLoad.rssMiB), afterRunsMB: mb(end.rssMiB), peakMB: mb(end.peakMiB) };
  } catch (err) {
    run.error = (err as Error).stack ?? String(err);
    log(`SCIMMY baseline ${users}: FAILED: ${(err as Error).message}`);
  } finally {
    await server?.stop();
    run.wallSeconds = (performance.now() - started) / 1000;
  }
  return run;
}
