import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where the tests find PostgreSQL; `.ci/run` starts a server there. */
export const PG_ADMIN_URL = process.env.SCIMKIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const wanted = (process.env.SCIMKIT_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const pgUp = wanted.includes('postgres') ? await postgresReachable() : false;
if (wanted.includes('postgres') && !pgUp && process.env.SCIMKIT_REQUIRE_POSTGRES === '1') {
  throw new Error(`PostgreSQL is required (SCIMKIT_REQUIRE_POSTGRES=1) but not reachable at ${PG_ADMIN_URL}`);
}

/** The databases every storage test runs on: both, unless PostgreSQL is unreachable or deselected. */
export const DIALECTS: ('sqlite' | 'postgres')[] = [
  ...(wanted.includes('sqlite') ? (['sqlite'] as const) : []),
  ...(pgUp ? (['postgres'] as const) : []),
];

/** A fresh, empty database of the given kind, and how to throw it away. */
export async function freshDatabase(dialect: 'sqlite' | 'postgres'): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'scimkit-test-'));
    return { url: join(dir, 'scimkit.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `scimkit_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        // pg's pool resolves end() once it has sent Terminate, before the backends are gone. Forcing the
        // drop then would kill them mid-goodbye and their FATAL would surface as an uncaught error, so
        // wait for them to leave and force only what is still there after that (a leak worth seeing).
        for (let waited = 0; waited < 5000; waited += 20) {
          const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
