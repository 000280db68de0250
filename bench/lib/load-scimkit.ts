/**
 * Bulk loader: puts N users and two groups into a fresh tenant of a scimkit database, straight into
 * the tables and in large transactions, producing the rows scimkit's own create path would
 * (resources row with its indexed columns, resource_emails, memberships, per-tenant seq values and
 * tenants.last_seq). Documents go through the same normalisation and column extraction as a POST
 * (normalizeResource, docForStorage, columnsOf, emailsOf), so the loader stays in step with the product;
 * `checkLoaderMatchesCreatePath` proves it on every run.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { normalizeResource } from '../../src/scim/resource/normalize-resource.js';
import type { ResourcesTable } from '../../src/store/tables.js';
import type { ResourceKind, ScimResource } from '../../src/scim/schema/types.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { isPostgresUrl } from '../../src/store/database.js';
import { newResourceId } from '../../src/store/resource-id.js';
import { columnsOf, docForStorage, emailsOf } from '../../src/store/resource-row.js';
import { openStore, type Store } from '../../src/data/store.js';
import { CORE_GROUP_SCHEMA, userBody } from './dataset.js';

/** One resources row as the loader writes it (the columns ResourceStore.create fills), plus its e-mails. */
type Row = Pick<ResourcesTable, 'id' | 'external_id' | 'user_name' | 'user_name_lc' | 'display_name' | 'display_name_lc' | 'active' | 'created'> & {
  type: ResourceKind;
  seq: number;
  doc: string;
  emails: string[];
};

/** A group to create after the users: its display name and how many of the first users it holds. */
export interface GroupSpec {
  displayName: string;
  members: number;
}

/** What a loaded tenant looks like to the benchmark. */
export interface LoadedTenant {
  tenantId: string;
  token: string;
  userIds: string[];
  groups: { id: string; displayName: string; members: number }[];
  seconds: number;
}

function sqliteFile(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/i, '');
}

// The row ResourceStore.create would write for this create body (normalised exactly as POST does).
function rowOf(kind: ResourceKind, body: ScimResource, seq: number, created: string): Row {
  const doc = docForStorage(normalizeResource(kind, body));
  if (doc.password !== undefined) throw new Error('the loader does not hash passwords; synthetic users must not have one');
  return { id: newResourceId(), type: kind, ...columnsOf(kind, doc), seq, created, doc: JSON.stringify(doc), emails: emailsOf(kind, doc) };
}

const RESOURCE_COLUMNS = 'tenant_id, id, type, external_id, user_name, user_name_lc, display_name, display_name_lc, active, version, seq, created, last_modified, doc';

/** Writes batches of rows into one database; SQLite and PostgreSQL each use their fastest plain-SQL path. */
interface Sink {
  resources(tenantId: string, rows: Row[]): Promise<void>;
  memberships(tenantId: string, groupId: string, memberIds: string[]): Promise<void>;
  setLastSeq(tenantId: string, lastSeq: number): Promise<void>;
  finish(): Promise<void>;
}

function sqliteSink(url: string, bulk: boolean): Sink {
  const db = new SqliteDatabase(sqliteFile(url));
  // Loader-only connection settings: the benchmark database is disposable, so durability can wait for the end.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  const insRes = db.prepare(`INSERT INTO resources (${RESOURCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`);
  const insEmail = db.prepare('INSERT INTO resource_emails (tenant_id, resource_id, value_lc) VALUES (?, ?, ?)');
  const insMember = db.prepare('INSERT INTO memberships (tenant_id, group_id, member_id, member_type) VALUES (?, ?, ?, ?)');
  const writeRows = db.transaction((tenantId: string, rows: Row[]) => {
    for (const r of rows) {
      insRes.run(tenantId, r.id, r.type, r.external_id, r.user_name, r.user_name_lc, r.display_name, r.display_name_lc, r.active, r.seq, r.created, r.created, r.doc);
      for (const e of r.emails) insEmail.run(tenantId, r.id, e);
    }
  });
  const writeMembers = db.transaction((tenantId: string, groupId: string, ids: string[]) => {
    for (const id of ids) insMember.run(tenantId, groupId, id, 'User');
  });
  // Secondary indexes are dropped for the load and rebuilt from their own saved DDL at the end (a sorted
  // build is several times faster than a million random B-tree inserts); the definitions stay the migration's.
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('resources', 'resource_emails', 'memberships')`)
    .all() as { name: string; sql: string }[];
  if (bulk) for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  return {
    async resources(tenantId, rows) {
      writeRows(tenantId, rows);
    },
    async memberships(tenantId, groupId, ids) {
      writeMembers(tenantId, groupId, ids);
    },
    async setLastSeq(tenantId, lastSeq) {
      db.prepare('UPDATE tenants SET last_seq = ? WHERE id = ?').run(lastSeq, tenantId);
    },
    async finish() {
      if (bulk) for (const ix of indexes) db.exec(ix.sql);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

async function pgSink(url: string, bulk: boolean): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  await client.query(`SET maintenance_work_mem = '512MB'`);
  // As for SQLite: plain secondary indexes are dropped during the load and rebuilt from their saved definitions.
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN ('resources', 'resource_emails', 'memberships')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  if (bulk) for (const ix of indexes) await client.query(`DROP INDEX "${ix.name}"`);
  const tx = async (fn: () => Promise<void>) => {
    await client.query('BEGIN');
    try {
      await fn();
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  };
  const CHUNK = 5000;
  return {
    async resources(tenantId, rows) {
      await tx(async () => {
        for (let i = 0; i < rows.length; i += CHUNK) {
          const part = rows.slice(i, i + CHUNK);
          const col = <K extends keyof Row>(k: K) => part.map((r) => r[k]);
          await client.query(
            `INSERT INTO resources (${RESOURCE_COLUMNS})
             SELECT $1, u.id, u.type, u.ext, u.un, u.unlc, u.dn, u.dnlc, u.act, 1, u.seq, u.cr, u.cr, u.doc::jsonb
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::bigint[], $11::text[], $12::text[])
               AS u(id, type, ext, un, unlc, dn, dnlc, act, seq, cr, doc)`,
            [tenantId, col('id'), col('type'), col('external_id'), col('user_name'), col('user_name_lc'), col('display_name'), col('display_name_lc'), col('active'), col('seq'), col('created'), col('doc')],
          );
          const owners: string[] = [];
          const values: string[] = [];
          for (const r of part) {
            for (const e of r.emails) {
              owners.push(r.id);
              values.push(e);
            }
          }
          if (values.length) {
            await client.query('INSERT INTO resource_emails (tenant_id, resource_id, value_lc) SELECT $1, u.o, u.v FROM unnest($2::text[], $3::text[]) AS u(o, v)', [tenantId, owners, values]);
          }
        }
      });
    },
    async memberships(tenantId, groupId, ids) {
      await tx(async () => {
        for (let i = 0; i < ids.length; i += CHUNK * 4) {
          await client.query(
            `INSERT INTO memberships (tenant_id, group_id, member_id, member_type) SELECT $1, $2, u.m, 'User' FROM unnest($3::text[]) AS u(m)`,
            [tenantId, groupId, ids.slice(i, i + CHUNK * 4)],
          );
        }
      });
    },
    async setLastSeq(tenantId, lastSeq) {
      await client.query('UPDATE tenants SET last_seq = $1 WHERE id = $2', [lastSeq, tenantId]);
    },
    async finish() {
      if (bulk) for (const ix of indexes) await client.query(ix.def);
      // A bulk load leaves no planner statistics and no visibility map; autovacuum would fix both within
      // minutes on a real server, so do it now rather than measure the first minutes after a bulk import.
      await client.query('VACUUM ANALYZE resources');
      await client.query('VACUUM ANALYZE resource_emails');
      await client.query('VACUUM ANALYZE memberships');
      await client.query('VACUUM ANALYZE tenants');
      await client.end();
    },
  };
}

async function openSink(url: string, bulk: boolean): Promise<Sink> {
  return isPostgresUrl(url) ? pgSink(url, bulk) : sqliteSink(url, bulk);
}

// Loads users 0..n-1 and the groups into an existing, empty tenant through a sink.
async function loadInto(sink: Sink, tenantId: string, n: number, groups: GroupSpec[], log: (msg: string) => void): Promise<{ userIds: string[]; groups: LoadedTenant['groups'] }> {
  const BATCH = 50_000;
  const userIds: string[] = new Array(n);
  // Creation times one millisecond apart, ending now: the order a steady stream of POSTs would leave.
  const t0 = Date.now() - n - groups.length - 1;
  let pending: Promise<void> = Promise.resolve();
  const started = performance.now();
  for (let start = 0; start < n; start += BATCH) {
    const rows: Row[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) {
      const row = rowOf('User', userBody(i), i + 1, new Date(t0 + i).toISOString());
      userIds[i] = row.id;
      rows.push(row);
    }
    // Build the next batch while the database writes this one (PostgreSQL works on the other core).
    await pending;
    pending = sink.resources(tenantId, rows);
    if (n >= 200_000 && (start / BATCH) % 4 === 3) log(`  loaded ${(start + BATCH).toLocaleString('en-US')} users (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await pending;
  const out: LoadedTenant['groups'] = [];
  for (const [k, g] of groups.entries()) {
    const members = userIds.slice(0, Math.min(g.members, n));
    const seq = n + k + 1;
    // The members are not part of the stored document (docForStorage drops them); they go to memberships.
    const row = rowOf('Group', { schemas: [CORE_GROUP_SCHEMA], displayName: g.displayName }, seq, new Date(t0 + n + k).toISOString());
    await sink.resources(tenantId, [row]);
    await sink.memberships(tenantId, row.id, members);
    out.push({ id: row.id, displayName: g.displayName, members: members.length });
  }
  await sink.setLastSeq(tenantId, n + groups.length);
  return { userIds, groups: out };
}

/** Creates a tenant and a token through scimkit's own stores, then bulk-loads users and groups into it. */
export async function loadScimkit(url: string, n: number, groups: GroupSpec[], log: (msg: string) => void = () => undefined): Promise<LoadedTenant> {
  const started = performance.now();
  const store = await openStore(url, { matchMember: memberMatcher, poolSize: 2 });
  const tenant = await store.tenants.create(`bench-${randomUUID().slice(0, 8)}`);
  const { token } = await store.tokens.create(tenant.id, { name: 'bench' });
  await store.close();
  const sink = await openSink(url, true);
  let loaded: Awaited<ReturnType<typeof loadInto>>;
  try {
    loaded = await loadInto(sink, tenant.id, n, groups, log);
  } finally {
    await sink.finish();
  }
  return { tenantId: tenant.id, token, ...loaded, seconds: (performance.now() - started) / 1000 };
}

type Snapshot = { resources: Record<string, unknown>[]; emails: string[]; memberships: string[]; lastSeq: number };

// A tenant's rows with ids replaced by their seq, so two tenants holding the same data compare equal.
async function snapshot(store: Store, tenantId: string): Promise<Snapshot> {
  const k = store.db.kysely;
  const rows = await k.selectFrom('resources').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
  const seqOf = new Map(rows.map((r) => [r.id, Number(r.seq)]));
  const resources = rows.map((r) => ({
    type: r.type,
    external_id: r.external_id,
    user_name: r.user_name,
    user_name_lc: r.user_name_lc,
    display_name: r.display_name,
    display_name_lc: r.display_name_lc,
    active: r.active === null ? null : Number(r.active),
    version: Number(r.version),
    seq: Number(r.seq),
    doc: typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc,
    createdEqualsLastModified: !Number.isNaN(Date.parse(r.created)) && r.created === r.last_modified,
  }));
  const emails = (await k.selectFrom('resource_emails').selectAll().where('tenant_id', '=', tenantId).execute()).map((e) => `${seqOf.get(e.resource_id)}:${e.value_lc}`).sort();
  const memberships = (await k.selectFrom('memberships').selectAll().where('tenant_id', '=', tenantId).execute())
    .map((m) => `${seqOf.get(m.group_id)}:${seqOf.get(m.member_id)}:${m.member_type}`)
    .sort();
  const t = await k.selectFrom('tenants').select('last_seq').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return { resources, emails, memberships, lastSeq: Number(t.last_seq) };
}

/**
 * Loads a few users and groups twice into the given database, once with the bulk loader and once
 * through ResourceStore.create (what POST /Users and POST /Groups run), compares the two tenants row by
 * row, and removes both. Throws when they differ: the loader must never drift from the product.
 */
export async function checkLoaderMatchesCreatePath(url: string): Promise<void> {
  const n = 5;
  const groups: GroupSpec[] = [
    { displayName: 'Check group A', members: 3 },
    { displayName: 'Check group B', members: 1 },
  ];
  const store = await openStore(url, { matchMember: memberMatcher, poolSize: 2 });
  const viaLoader = await store.tenants.create(`bench-check-loader-${randomUUID().slice(0, 8)}`);
  const viaCreate = await store.tenants.create(`bench-check-create-${randomUUID().slice(0, 8)}`);
  try {
    const sink = await openSink(url, false);
    try {
      await loadInto(sink, viaLoader.id, n, groups, () => undefined);
    } finally {
      await sink.finish();
    }
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await store.resources.create(viaCreate.id, 'User', normalizeResource('User', userBody(i)))).id);
    for (const g of groups) {
      const body = normalizeResource('Group', { schemas: [CORE_GROUP_SCHEMA], displayName: g.displayName, members: ids.slice(0, g.members).map((value) => ({ value })) });
      await store.resources.create(viaCreate.id, 'Group', body, { members: body.members as { value: string }[] });
    }
    const a = await snapshot(store, viaLoader.id);
    const b = await snapshot(store, viaCreate.id);
    if (!isDeepStrictEqual(a, b)) {
      throw new Error(`bulk loader rows differ from the create path:\nloader: ${JSON.stringify(a)}\ncreate: ${JSON.stringify(b)}`);
    }
  } finally {
    const k = store.db.kysely;
    for (const t of [viaLoader.id, viaCreate.id]) {
      await k.deleteFrom('memberships').where('tenant_id', '=', t).execute();
      await k.deleteFrom('resource_emails').where('tenant_id', '=', t).execute();
      await k.deleteFrom('resources').where('tenant_id', '=', t).execute();
      await k.deleteFrom('resource_counts').where('tenant_id', '=', t).execute();
      await k.deleteFrom('tenants').where('id', '=', t).execute();
    }
    await store.close();
  }
}
