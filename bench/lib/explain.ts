/**
 * Query plans of a `userName eq` lookup as scimkit runs it: the product's own ResourceStore.list (what
 * GET /Users?filter=… calls, including the user's `groups`) runs over a logging Kysely, and every
 * statement it sends is explained on the same database. So the plans shown are those of the SQL the
 * server really executes, not of a hand-written copy.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { parseFilter } from '../../src/scim/filter/parse-filter.js';
import type { Db } from '../../src/store/database.js';
import { KyselyReader } from '../../src/store/kysely-reader.js';
import { BUDGET_FUNCTION } from '../../src/store/reader.js';
import { isPostgresUrl } from '../../src/store/database.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { ResourceStore } from '../../src/store/resource-store.js';
import type { Database } from '../../src/store/tables.js';
import { userNameOf } from './dataset.js';

/** The plan of one statement, and whether it seeks the index it should instead of scanning the tenant. */
export interface StatementPlan {
  sql: string;
  plan: string[];
  /** What a good plan looks like for this statement. */
  expect: string;
  seeks: boolean;
}

/** Plans of every statement a `userName eq` lookup runs (COUNT for totalResults, the page, the user's groups). */
export interface LookupPlan {
  filter: string;
  statements: StatementPlan[];
  /** True only when every statement seeks its index. */
  indexed: boolean;
}

// What each statement of the lookup should seek, recognised in the plan text of either database.
function judge(sqlText: string, plan: string, postgres: boolean): { expect: string; seeks: boolean } {
  if (/from "?memberships"?/i.test(sqlText) && /member_id/.test(sqlText)) {
    return {
      expect: 'memberships found by member_id (index memberships_member), not all of the tenant\'s memberships',
      seeks: postgres ? /Index (Only )?Scan using memberships_member/.test(plan) || /Index Cond: [^\n]*member_id/.test(plan) : /memberships[^\n]*\([^)]*member_id=\?/.test(plan),
    };
  }
  if (/user_name_lc/.test(sqlText)) {
    return {
      expect: 'resources_user_name seeked on user_name_lc',
      seeks: postgres ? /resources_user_name/.test(plan) && /Index Cond: \([^\n]*user_name_lc = /.test(plan) : /INDEX resources_user_name \([^)]*user_name_lc=\?/.test(plan),
    };
  }
  return { expect: 'no table scan', seeks: postgres ? !/Seq Scan/.test(plan) : !/^SCAN /m.test(plan) };
}

export async function explainUserNameLookup(url: string, tenantId: string, users: number): Promise<LookupPlan> {
  const queries: CompiledQuery[] = [];
  const log = (e: { level: string; query: CompiledQuery }) => {
    if (e.level === 'query') queries.push(e.query);
  };
  const postgres = isPostgresUrl(url);
  const pool = postgres ? new pg.Pool({ connectionString: url, max: 1 }) : undefined;
  const sqlite = postgres ? undefined : new SqliteDatabase(url.replace(/^sqlite:(\/\/)?/i, ''), { readonly: true });
  const kysely = new Kysely<Database>({ dialect: postgres ? new PostgresDialect({ pool: pool! }) : new SqliteDialect({ database: sqlite! }), log });
  // Reads go through the logging connection too, so every statement the lookup sends is seen.
  sqlite?.function(BUDGET_FUNCTION, { deterministic: false }, () => 1);
  const db: Db = {
    kysely,
    dialect: postgres ? 'postgres' : 'sqlite',
    write: (work) => kysely.transaction().execute(work),
    reader: new KyselyReader(kysely),
    onConnectionLost: () => undefined,
    ping: async () => true,
    close: () => kysely.destroy(),
  };
  const filter = `userName eq "${userNameOf(Math.floor(users / 2))}"`;
  try {
    const found = await new ResourceStore(db, memberMatcher).list(tenantId, 'User', { filter: parseFilter(filter), count: 100, read: { groups: true } });
    if (found.resources.length !== 1) throw new Error(`explain: ${filter} found ${found.resources.length} users`);
    const statements: StatementPlan[] = [];
    for (const q of queries) {
      let plan: string[];
      if (postgres) {
        const r = await pool!.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.parameters as unknown[]);
        plan = r.rows.map((row) => row['QUERY PLAN']);
      } else {
        const rows = sqlite!.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
        plan = rows.map((row) => row.detail);
      }
      statements.push({ sql: q.sql.replace(/\s+/g, ' ').trim(), plan, ...judge(q.sql, plan.join('\n'), postgres) });
    }
    return { filter, statements, indexed: statements.length > 0 && statements.every((s) => s.seeks) };
  } finally {
    await kysely.destroy();
  }
}
