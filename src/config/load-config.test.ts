import { describe, expect, it } from 'vitest';
import { ConfigError, defaultBaseUrl, loadServerConfig } from './load-config.js';
import { defaultServerConfig } from './server-config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServerConfig', () => {
  it('returns the defaults with no flags and no environment', () => {
    expect(loadServerConfig({}, {})).toEqual(defaultServerConfig);
  });

  it('reads every setting from the environment', () => {
    const config = loadServerConfig(
      {},
      {
        PORT: '9090',
        SCIMKIT_HOST: 'scim.internal',
        SCIMKIT_DB: 'postgres://scim:secret@db.internal:5432/scim',
        SCIMKIT_BASE_URL: 'https://scim.example.com/',
        SCIMKIT_RATE_LIMIT: '0',
        SCIMKIT_MAX_PAYLOAD_BYTES: '2048',
        SCIMKIT_MAX_BULK_OPERATIONS: '10',
        SCIMKIT_MAX_RESULTS: '50',
        SCIMKIT_LOG_LEVEL: 'DEBUG',
        SCIMKIT_WORKERS: '3',
        SCIMKIT_LOCK_WAIT_MS: '250',
        SCIMKIT_READ_BUDGET_MS: '2500',
        SCIMKIT_SMTP_URL: 'smtps://alerts:pw@mail.example.com:465',
        SCIMKIT_MAIL_FROM: 'scimkit <scimkit@example.com>',
        SCIMKIT_LEASE_SECONDS: '5',
      },
    );
    expect(config).toEqual({
      port: 9090,
      host: 'scim.internal',
      db: 'postgres://scim:secret@db.internal:5432/scim',
      baseUrl: 'https://scim.example.com',
      rateLimitPerSecond: 0,
      maxPayloadBytes: 2048,
      maxBulkOperations: 10,
      maxResults: 50,
      logLevel: 'debug',
      workers: 3,
      lockWaitMs: 250,
      readBudgetMs: 2500,
      smtpUrl: 'smtps://alerts:pw@mail.example.com:465',
      mailFrom: 'scimkit <scimkit@example.com>',
      leaseSeconds: 5,
    });
  });

  it('refuses an SMTP URL of another scheme and a From address without @', () => {
    expect(() => loadServerConfig({ smtpUrl: 'http://mail.example.com', mailFrom: 'nobody' }, {})).toThrow(/--smtp-url \/ SCIMKIT_SMTP_URL must be an smtp:\/\/.*--mail-from/);
  });

  it('lets flags win over the environment', () => {
    const config = loadServerConfig(
      { port: '7000', db: './other.db', rateLimit: 5, logLevel: 'warn', maxResults: 20 },
      { PORT: '9090', SCIMKIT_DB: './env.db', SCIMKIT_RATE_LIMIT: '50', SCIMKIT_LOG_LEVEL: 'trace', SCIMKIT_MAX_RESULTS: '10' },
    );
    expect(config).toMatchObject({ port: 7000, db: './other.db', rateLimitPerSecond: 5, logLevel: 'warn', maxResults: 20 });
  });

  it('treats an empty environment variable as unset, and ignores flag keys it does not know', () => {
    expect(loadServerConfig({ json: 'true', tenant: 'x' }, { PORT: '', SCIMKIT_DB: '  ' })).toEqual(defaultServerConfig);
  });

  it('derives the base URL from host and port unless one is given', () => {
    expect(loadServerConfig({ port: 9000 }, {}).baseUrl).toBe('http://127.0.0.1:9000');
    expect(loadServerConfig({ host: 'scim.local' }, { PORT: '81' }).baseUrl).toBe('http://scim.local:81');
    expect(loadServerConfig({ host: '0.0.0.0' }, {}).baseUrl).toBe('http://127.0.0.1:8080');
    expect(loadServerConfig({ host: '::' }, {}).baseUrl).toBe('http://127.0.0.1:8080');
    expect(loadServerConfig({ host: '::1' }, {}).baseUrl).toBe('http://[::1]:8080');
    expect(loadServerConfig({ host: '0.0.0.0', baseUrl: 'https://idp.example.com/scimkit/' }, {}).baseUrl).toBe('https://idp.example.com/scimkit');
  });

  it('accepts SQLite paths and postgres URLs for the database', () => {
    for (const db of ['./data/x.db', '/var/lib/scimkit/x.db', 'x.db', 'sqlite:./x.db', ':memory:', 'postgres://u@h/db', 'postgresql://u:p@h:5433/db?sslmode=require']) {
      expect(loadServerConfig({ db }, {}).db).toBe(db);
    }
  });

  it('rejects a bad port, naming the flag, the variable and the value', () => {
    for (const port of ['abc', '0', '65536', '80.5', '1e3', '-1', '0x50']) {
      const [problem] = problemsOf(() => loadServerConfig({ port }, {}));
      expect(problem).toContain('--port');
      expect(problem).toContain('PORT');
      expect(problem).toContain(`"${port}"`);
      expect(problem).toContain('(from --port)');
    }
    expect(problemsOf(() => loadServerConfig({}, { PORT: 'http' }))[0]).toContain('(from PORT)');
    expect(problemsOf(() => loadServerConfig({ port: 3.5 }, {}))[0]).toContain('"3.5"');
  });

  it('rejects a bad database setting', () => {
    for (const db of ['', '   ', 'mysql://u@h/db', 'http://example.com/db', 'postgres://']) {
      const [problem] = problemsOf(() => loadServerConfig({ db }, {}));
      expect(problem).toMatch(/^--db \/ SCIMKIT_DB must be a SQLite file path or a postgres:\/\/ URL, got /);
    }
  });

  it('rejects a base URL that is not plain http(s) or carries a query', () => {
    for (const baseUrl of ['ftp://example.com', 'example.com', 'https://example.com/?tenant=1', 'https://example.com/#x', 'http://']) {
      const [problem] = problemsOf(() => loadServerConfig({ baseUrl }, {}));
      expect(problem).toContain('--base-url / SCIMKIT_BASE_URL');
      expect(problem).toContain(JSON.stringify(baseUrl));
    }
  });

  it('rejects numbers that are not positive whole numbers, but allows a rate limit of 0', () => {
    expect(loadServerConfig({ rateLimit: '0' }, {}).rateLimitPerSecond).toBe(0);
    expect(problemsOf(() => loadServerConfig({ rateLimit: '-5' }, {}))[0]).toContain('--rate-limit / SCIMKIT_RATE_LIMIT');
    expect(problemsOf(() => loadServerConfig({}, { SCIMKIT_MAX_PAYLOAD_BYTES: '0' }))[0]).toContain('--max-payload-bytes / SCIMKIT_MAX_PAYLOAD_BYTES');
    expect(problemsOf(() => loadServerConfig({}, { SCIMKIT_MAX_BULK_OPERATIONS: '1.5' }))[0]).toContain('SCIMKIT_MAX_BULK_OPERATIONS');
    expect(problemsOf(() => loadServerConfig({ maxResults: 'many' }, {}))[0]).toContain('--max-results');
    expect(problemsOf(() => loadServerConfig({ readBudgetMs: '0' }, {}))[0]).toContain('--read-budget-ms / SCIMKIT_READ_BUDGET_MS must be a whole number of milliseconds from 10 to 600000');
  });

  it('rejects an unknown log level and lists the good ones', () => {
    const [problem] = problemsOf(() => loadServerConfig({ logLevel: 'verbose' }, {}));
    expect(problem).toBe('--log-level / SCIMKIT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose" (from --log-level)');
  });

  it('reports every problem at once, on one line', () => {
    let error: ConfigError | undefined;
    try {
      loadServerConfig({ port: 'abc', logLevel: 'loud' }, { SCIMKIT_DB: 'mysql://x', SCIMKIT_BASE_URL: 'nope' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.message).not.toContain('\n');
    for (const name of ['--port', '--db', '--base-url', '--log-level']) expect(error!.message).toContain(name);
  });
});

describe('defaultBaseUrl', () => {
  it('brackets IPv6 literals and maps wildcard binds to loopback', () => {
    expect(defaultBaseUrl('[::]', 1)).toBe('http://127.0.0.1:1');
    expect(defaultBaseUrl('[fe80::1]', 2)).toBe('http://[fe80::1]:2');
    expect(defaultBaseUrl('localhost', 3)).toBe('http://localhost:3');
  });
});
