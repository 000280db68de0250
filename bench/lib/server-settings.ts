/** How the benchmark starts scimkit: `scimkit serve` with its defaults, except what is listed here. */

/**
 * The rate limit stays on, so its cost is in every number, but set far above what the benchmark sends:
 * a deployment would do the same for the token of a trusted provisioning engine.
 */
export const BENCH_RATE_LIMIT = 1_000_000;

/** The arguments of `scimkit serve` after `--port` and `--host` for one benchmark server. */
export function serveArgs(db: string, workers: number): string[] {
  return ['--db', db, '--rate-limit', String(BENCH_RATE_LIMIT), '--log-level', 'warn', '--workers', String(workers)];
}

/** The same, in words, for the report. */
export const SERVER_SETTINGS = `\`scimkit serve\` as users start it (\`node bin/scimkit.js serve\`, the built JavaScript), with its defaults (authentication, ETags, audit records in the write transaction, heavy-read isolation and rate limiting on), except \`--log-level warn\` and \`--rate-limit ${BENCH_RATE_LIMIT}\` (requests per second per token, which the benchmark token never reaches)`;
