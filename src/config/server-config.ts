/** Everything the server needs to know at start, after flags and environment were read and validated. */
export interface ServerConfig {
  /** TCP port to listen on (`--port` / `PORT`). */
  port: number;
  /** Interface to bind (`--host` / `SCIMKIT_HOST`); loopback by default. */
  host: string;
  /** A SQLite file path or a postgres:// URL (`--db` / `SCIMKIT_DB`). */
  db: string;
  /** The public base URL clients use, for `meta.location` and printed tenant URLs (`--base-url` / `SCIMKIT_BASE_URL`). */
  baseUrl: string;
  /** Requests per second allowed per token, averaged over a 10 s window; 0 turns rate limiting off. */
  rateLimitPerSecond: number;
  /** Largest request body accepted, in bytes (advertised as bulk.maxPayloadSize). */
  maxPayloadBytes: number;
  /** Most operations in one /Bulk request (advertised as bulk.maxOperations). */
  maxBulkOperations: number;
  /** Largest page a list returns (advertised as filter.maxResults). */
  maxResults: number;
  /** pino log level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Server processes sharing the port (`--workers` / `SCIMKIT_WORKERS`); more than one uses more cores for reads. */
  workers: number;
  /** How long a write waits for SQLite's write lock held by another process before answering 503 (`--lock-wait-ms`). */
  lockWaitMs: number;
  /** How long one heavy read (a scan, a sort, a count) may take before it fails with 400 tooMany (`--read-budget-ms`). */
  readBudgetMs: number;
  /** SMTP server for provisioning failure e-mails (`--smtp-url` / `SCIMKIT_SMTP_URL`), e.g. smtp://user:pass@host:587; empty: no e-mail. */
  smtpUrl: string;
  /** The From address of those e-mails (`--mail-from` / `SCIMKIT_MAIL_FROM`). */
  mailFrom: string;
  /** How long an app's cycle lease lasts without renewal (`--lease-seconds`): how soon a killed process's cycle is taken over. */
  leaseSeconds: number;
}

/** The defaults a bare `scimkit serve` runs with. */
export const defaultServerConfig: ServerConfig = {
  port: 8080,
  host: '127.0.0.1',
  db: './data/scimkit.db',
  baseUrl: 'http://127.0.0.1:8080',
  rateLimitPerSecond: 100,
  maxPayloadBytes: 1_048_576,
  maxBulkOperations: 1000,
  maxResults: 1000,
  logLevel: 'info',
  workers: 1,
  lockWaitMs: 5_000,
  readBudgetMs: 10_000,
  smtpUrl: '',
  mailFrom: 'scimkit <scimkit@localhost>',
  leaseSeconds: 30,
};
