import { z } from 'zod';
import { defaultServerConfig, type ServerConfig } from './server-config.js';

/** Raised when flags or environment variables hold bad values; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

/** The pino levels `--log-level` accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Raw = string | number | undefined;

/** One setting: where it comes from (flag key as commander names it, flag, env var) and how to check it. */
interface Setting<K extends keyof ServerConfig> {
  key: K;
  /** The camelCase key commander gives the flag, e.g. `baseUrl` for `--base-url`. */
  flagKey: string;
  flag: string;
  env: string;
  /** What a good value looks like, for the message (finishes "must be …"). */
  expect: string;
  schema: z.ZodType<ServerConfig[K]>;
}

/** Whole numbers written plainly ("8080", not "8080.0", "1e3" or "0x10"); anything else becomes NaN so the range check fails. */
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (/^\s*\+?\d+\s*$/.test(v) ? Number(v) : Number.NaN) : v),
    z.number().int().min(min).max(max),
  );

const nonEmpty = z
  .string()
  .trim()
  .min(1)
  .refine((s) => !/\s/.test(s));

const databaseUrl = z
  .string()
  .trim()
  .min(1)
  .refine((s) => {
    if (/^postgres(ql)?:\/\//i.test(s)) {
      try {
        return new URL(s).hostname.length > 0;
      } catch {
        return false;
      }
    }
    // A path (or sqlite:path); any other scheme (mysql://, http://…) is a mistake, not a file name.
    return !/^[a-z][a-z0-9+.-]*:\/\//i.test(s);
  });

const httpUrl = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.search === '' && u.hash === '' && !s.includes('?') && !s.includes('#');
    } catch {
      return false;
    }
  })
  // One canonical form so `${baseUrl}/scim/v2/…` never gets a double slash.
  .transform((s) => s.replace(/\/+$/, ''));

const smtpUrl = z
  .string()
  .trim()
  .refine((s) => {
    if (s === '') return true;
    try {
      const u = new URL(s);
      return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      return false;
    }
  });

const logLevel = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(LOG_LEVELS));

const SETTINGS: { [K in keyof ServerConfig]: Setting<K> } = {
  port: { key: 'port', flagKey: 'port', flag: '--port', env: 'PORT', expect: 'a whole number from 1 to 65535', schema: wholeNumber(1, 65535) },
  host: { key: 'host', flagKey: 'host', flag: '--host', env: 'SCIMKIT_HOST', expect: 'a host name or IP address to listen on', schema: nonEmpty },
  db: {
    key: 'db',
    flagKey: 'db',
    flag: '--db',
    env: 'SCIMKIT_DB',
    expect: 'a SQLite file path or a postgres:// URL',
    schema: databaseUrl,
  },
  baseUrl: {
    key: 'baseUrl',
    flagKey: 'baseUrl',
    flag: '--base-url',
    env: 'SCIMKIT_BASE_URL',
    expect: 'an http:// or https:// URL without query or fragment',
    schema: httpUrl,
  },
  rateLimitPerSecond: {
    key: 'rateLimitPerSecond',
    flagKey: 'rateLimit',
    flag: '--rate-limit',
    env: 'SCIMKIT_RATE_LIMIT',
    expect: 'a whole number of requests per second per token (0 turns the limit off)',
    schema: wholeNumber(0),
  },
  maxPayloadBytes: {
    key: 'maxPayloadBytes',
    flagKey: 'maxPayloadBytes',
    flag: '--max-payload-bytes',
    env: 'SCIMKIT_MAX_PAYLOAD_BYTES',
    expect: 'a positive whole number of bytes',
    schema: wholeNumber(1),
  },
  maxBulkOperations: {
    key: 'maxBulkOperations',
    flagKey: 'maxBulkOperations',
    flag: '--max-bulk-operations',
    env: 'SCIMKIT_MAX_BULK_OPERATIONS',
    expect: 'a positive whole number',
    schema: wholeNumber(1),
  },
  maxResults: {
    key: 'maxResults',
    flagKey: 'maxResults',
    flag: '--max-results',
    env: 'SCIMKIT_MAX_RESULTS',
    expect: 'a positive whole number',
    schema: wholeNumber(1),
  },
  logLevel: {
    key: 'logLevel',
    flagKey: 'logLevel',
    flag: '--log-level',
    env: 'SCIMKIT_LOG_LEVEL',
    expect: `one of ${LOG_LEVELS.join(', ')}`,
    schema: logLevel,
  },
  lockWaitMs: {
    key: 'lockWaitMs',
    flagKey: 'lockWaitMs',
    flag: '--lock-wait-ms',
    env: 'SCIMKIT_LOCK_WAIT_MS',
    expect: 'a whole number of milliseconds from 0 to 60000',
    schema: wholeNumber(0, 60_000),
  },
  readBudgetMs: {
    key: 'readBudgetMs',
    flagKey: 'readBudgetMs',
    flag: '--read-budget-ms',
    env: 'SCIMKIT_READ_BUDGET_MS',
    expect: 'a whole number of milliseconds from 10 to 600000',
    schema: wholeNumber(10, 600_000),
  },
  workers: {
    key: 'workers',
    flagKey: 'workers',
    flag: '--workers',
    env: 'SCIMKIT_WORKERS',
    expect: 'a whole number of server processes from 1 to 64',
    schema: wholeNumber(1, 64),
  },
  smtpUrl: {
    key: 'smtpUrl',
    flagKey: 'smtpUrl',
    flag: '--smtp-url',
    env: 'SCIMKIT_SMTP_URL',
    expect: 'an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587',
    schema: smtpUrl,
  },
  mailFrom: {
    key: 'mailFrom',
    flagKey: 'mailFrom',
    flag: '--mail-from',
    env: 'SCIMKIT_MAIL_FROM',
    expect: 'an e-mail address, optionally with a name: "scimkit <scimkit@example.com>"',
    schema: z.string().trim().min(3).refine((s) => s.includes('@')),
  },
  leaseSeconds: {
    key: 'leaseSeconds',
    flagKey: 'leaseSeconds',
    flag: '--lease-seconds',
    env: 'SCIMKIT_LEASE_SECONDS',
    expect: 'a whole number of seconds from 1 to 3600',
    schema: wholeNumber(1, 3600),
  },
};

/** The flag and environment variable behind a setting, e.g. `--port / PORT`, for messages elsewhere (the CLI's port-in-use error). */
export function settingSource(key: keyof ServerConfig): string {
  return `${SETTINGS[key].flag} / ${SETTINGS[key].env}`;
}

/**
 * Reads the server settings: each flag wins over its environment variable, which wins over `defaultServerConfig`.
 * `flags` uses commander's camelCase keys (`port`, `host`, `db`, `baseUrl`, `rateLimit`, `maxPayloadBytes`,
 * `maxBulkOperations`, `maxResults`, `logLevel`, `workers`, `lockWaitMs`, `readBudgetMs`, `smtpUrl`, `mailFrom`, `leaseSeconds`); other keys are ignored. An empty environment variable counts as unset.
 * Throws a ConfigError listing every bad value at once.
 */
export function loadServerConfig(flags: Partial<Record<string, string | number | undefined>>, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = [];
  const explicit = new Set<keyof ServerConfig>();

  const pick = <K extends keyof ServerConfig>(s: Setting<K>): ServerConfig[K] => {
    const fromFlag: Raw = flags[s.flagKey];
    const fromEnv = env[s.env];
    let raw: Raw;
    let source: string;
    if (fromFlag !== undefined) {
      raw = fromFlag;
      source = s.flag;
    } else if (fromEnv !== undefined && fromEnv.trim() !== '') {
      raw = fromEnv;
      source = s.env;
    } else {
      return defaultServerConfig[s.key];
    }
    explicit.add(s.key);
    const parsed = s.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`${s.flag} / ${s.env} must be ${s.expect}, got ${JSON.stringify(String(raw))} (from ${source})`);
    return defaultServerConfig[s.key];
  };

  const config: ServerConfig = {
    port: pick(SETTINGS.port),
    host: pick(SETTINGS.host),
    db: pick(SETTINGS.db),
    baseUrl: pick(SETTINGS.baseUrl),
    rateLimitPerSecond: pick(SETTINGS.rateLimitPerSecond),
    maxPayloadBytes: pick(SETTINGS.maxPayloadBytes),
    maxBulkOperations: pick(SETTINGS.maxBulkOperations),
    maxResults: pick(SETTINGS.maxResults),
    logLevel: pick(SETTINGS.logLevel),
    workers: pick(SETTINGS.workers),
    lockWaitMs: pick(SETTINGS.lockWaitMs),
    readBudgetMs: pick(SETTINGS.readBudgetMs),
    smtpUrl: pick(SETTINGS.smtpUrl),
    mailFrom: pick(SETTINGS.mailFrom),
    leaseSeconds: pick(SETTINGS.leaseSeconds),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  if (!explicit.has('baseUrl')) config.baseUrl = defaultBaseUrl(config.host, config.port);
  return config;
}

/** `http://<host>:<port>`, with a loopback address in place of a wildcard bind and brackets around IPv6 literals. */
export function defaultBaseUrl(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const reachable = bare === '0.0.0.0' || bare === '::' || bare === '' ? '127.0.0.1' : bare;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
