import { CompiledQuery, sql, type RawBuilder, type Transaction } from 'kysely';
import { isScimError, scimError } from '../scim/errors.js';
import type { ResourceKind, ScimResource } from '../scim/schema/types.js';
import { auditRow, writeAuditEntries, type AuditDraft, type AuditEntry } from './audit-store.js';
import type { Db } from './database.js';
import { isRetryableConflict, isUniqueViolation, type DialectName } from './dialect.js';
import { loadMembers } from './memberships.js';
import { hashPassword, isPasswordHash } from './password-hash.js';
import { columnsOf, emailsOf, readColumnsSql, rowToStored, type ReadOptions, type ReadRow, type StoredResource } from './resource-row.js';
import { allocateSeq } from './change-feed.js';
import { insertQuery, updateResourceQuery } from './sqlite-write-statements.js';
import type { Database, ResourcesTable } from './tables.js';

// The steps that create, update and delete (resource-store.ts) are made of, each one statement or check.

/** A write's transaction, shared with the writes of its group commit (inside its own savepoint only when the batch runs again after a failure). */
export type Trx = Transaction<Database>;

/**
 * The key of a write that changes one user's rows and no other resource's (see WriteBatcher.run): a user's
 * create, replace or PATCH. A group's writes change memberships and other rows, and run alone.
 */
export function userWriteKey(kind: ResourceKind, tenantId: string, id: string): string | undefined {
  return kind === 'User' ? `${tenantId} ${id}` : undefined;
}

/**
 * Runs a resource write through the group commit, maps a unique violation to SCIM's 409 uniqueness, and
 * retries a PostgreSQL deadlock or serialization failure (up to three times): the error mapping for every write.
 */
export async function runResourceWrite<T>(db: Db, kind: ResourceKind, fn: (trx: Trx) => Promise<T>, key?: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.write(fn, key);
    } catch (err) {
      if (isScimError(err)) throw err;
      if (isUniqueViolation(err)) {
        throw scimError.uniqueness(
          kind === 'User' ? 'A user with this userName already exists in this tenant.' : 'A group with this displayName already exists in this tenant.',
        );
      }
      if (isRetryableConflict(err) && attempt < 3) continue;
      throw err;
    }
  }
}

/**
 * The write's audit record, in the write's own transaction, so it commits exactly when the change does.
 * Written before allocateSeq, so it adds nothing to the time the tenant row stays locked.
 */
export async function writeAudit(trx: Trx, tenantId: string, kind: ResourceKind, id: string, at: string, draft: AuditDraft | undefined): Promise<void> {
  const entry = auditEntry(tenantId, kind, id, at, draft);
  if (entry) await writeAuditEntries(trx, [entry]);
}

/** The audit entry of a write, or undefined when the write is not recorded (a direct store call). */
export function auditEntry(tenantId: string, kind: ResourceKind, id: string, at: string, draft: AuditDraft | undefined): AuditEntry | undefined {
  // Object.assign, not a spread: see "Objects on the request path" in docs/architecture.md.
  return draft && Object.assign({}, draft, { tenantId, at, resourceType: kind, resourceId: id, scimType: null, detail: null });
}

/** A resource row as create writes it, all but its sequence number. */
export type NewRow = Omit<ResourcesTable, 'seq'>;

/** The columns an update sets, all but the sequence number (and never the row's key). */
export type RowChanges = Partial<Omit<ResourcesTable, 'seq' | 'tenant_id' | 'id' | 'type'>>;

// `table (columns) VALUES (values)[, (values)…]` of rows with the same keys, for an INSERT inside a WITH clause.
function insertValues(table: string, rows: Record<string, unknown>[], extra?: { column: string; value: RawBuilder<unknown> }): RawBuilder<unknown> {
  const columns = Object.keys(rows[0]!);
  const tuples = rows.map((r) => sql`(${sql.join([...columns.map((c) => r[c]), ...(extra ? [extra.value] : [])])})`);
  return sql`${sql.table(table)} (${sql.join([...columns, ...(extra ? [extra.column] : [])].map((c) => sql.ref(c)))}) VALUES ${sql.join(tuples)}`;
}

// On PostgreSQL every statement is a round trip, made while the batch holds the tenant's row lock (allocateSeq):
// the e-mail rows, the audit record and the sequence number go into the statement that writes the row, as
// WITH clauses that write. They see one snapshot; the row's statement reads the new number from `s`.
function writesBefore(tenantId: string, emailRows: Record<string, unknown>[], audit: AuditEntry | undefined): RawBuilder<unknown> {
  const ctes: RawBuilder<unknown>[] = [];
  if (emailRows.length) ctes.push(sql`e AS (INSERT INTO ${insertValues('resource_emails', emailRows)})`);
  if (audit) ctes.push(sql`a AS (INSERT INTO ${insertValues('audit_log', [auditRow(audit)])})`);
  ctes.push(sql`s AS (UPDATE tenants SET last_seq = last_seq + 1 WHERE id = ${tenantId} RETURNING last_seq)`);
  return sql`WITH ${sql.join(ctes)}`;
}

/**
 * The last writes of a create: a user's e-mail index rows, the audit record, the next sequence number and
 * the row, returning that number. One statement on PostgreSQL (see writesBefore); on SQLite, where a statement
 * costs no round trip, one after another, the sequence number last before the row.
 */
export async function insertResource(trx: Trx, dialect: DialectName, row: NewRow, kind: ResourceKind, doc: ScimResource, audit: AuditEntry | undefined): Promise<number> {
  const emails = emailRows(row.tenant_id, row.id, kind, doc);
  if (dialect === 'postgres') {
    const { rows } = await sql<{ seq: number }>`${writesBefore(row.tenant_id, emails, audit)}
      INSERT INTO ${insertValues('resources', [row], { column: 'seq', value: sql`(SELECT last_seq FROM s)` })} RETURNING seq`.execute(trx);
    return Number(rows[0]!.seq);
  }
  if (emails.length) await trx.executeQuery(insertQuery('resource_emails', emails));
  if (audit) await trx.executeQuery(insertQuery('audit_log', [auditRow(audit)]));
  const seq = await allocateSeq(trx, dialect, row.tenant_id);
  await trx.executeQuery(insertQuery('resources', [Object.assign({ seq }, row)]));
  return seq;
}

/**
 * The last writes of an update that changed something: the audit record, the next sequence number and the
 * row's changed columns, returning that number. One statement on PostgreSQL (see writesBefore).
 */
export async function updateResource(trx: Trx, dialect: DialectName, tenantId: string, id: string, changes: RowChanges, audit: AuditEntry | undefined): Promise<number> {
  if (dialect === 'postgres') {
    const sets = (Object.keys(changes) as (keyof RowChanges)[]).map((c) => sql`${sql.ref(c)} = ${changes[c]}`);
    const { rows } = await sql<{ seq: number }>`${writesBefore(tenantId, [], audit)}
      UPDATE resources SET ${sql.join(sets)}, seq = (SELECT last_seq FROM s) WHERE tenant_id = ${tenantId} AND id = ${id} RETURNING seq`.execute(trx);
    return Number(rows[0]!.seq);
  }
  if (audit) await trx.executeQuery(insertQuery('audit_log', [auditRow(audit)]));
  const seq = await allocateSeq(trx, dialect, tenantId);
  await trx.executeQuery(updateResourceQuery(tenantId, id, Object.assign({ seq }, changes)));
  return seq;
}

/**
 * Reads (and on PostgreSQL locks, FOR UPDATE) the row a write starts from, or 404; a user's groups come along
 * when the reply needs them, since a write of a user does not change them.
 */
export async function lockRow(trx: Trx, dialect: DialectName, tenantId: string, kind: ResourceKind, id: string, read: ReadOptions = {}): Promise<StoredResource> {
  const { rows } = await trx.executeQuery<ReadRow>(CompiledQuery.raw(lockRowText(trx, dialect, kind === 'User' && !!read.groups), [tenantId, kind, id]));
  if (!rows[0]) throw scimError.notFound(`${kind} ${id} not found.`);
  return rowToStored(rows[0]);
}

// lockRow's statement text for each dialect and shape, compiled once (see sqlite-write-statements.ts for why);
// its parameters are the tenant, the kind and the id, in that order.
const lockRowTexts = new Map<string, string>();

function lockRowText(trx: Trx, dialect: DialectName, groups: boolean): string {
  const key = `${dialect} ${groups}`;
  let text = lockRowTexts.get(key);
  if (text === undefined) {
    const lock = dialect === 'postgres' ? sql` FOR UPDATE OF r` : sql``;
    const compiled = sql`SELECT ${readColumnsSql(dialect, groups)} FROM resources r WHERE r.tenant_id = ${''} AND r.type = ${''} AND r.id = ${''}${lock}`.compile(trx);
    if (compiled.parameters.length !== 3) throw new Error('lockRow: the read columns must take no parameters');
    text = compiled.sql;
    lockRowTexts.set(key, text);
  }
  return text;
}

// A user's rows of the e-mail index, which filters on `emails` use; a group has none.
function emailRows(tenantId: string, id: string, kind: ResourceKind, doc: ScimResource) {
  return kind === 'User' ? emailsOf(kind, doc).map((value_lc) => ({ tenant_id: tenantId, resource_id: id, value_lc })) : [];
}

/** Replaces a user's rows in the e-mail index, when an update changed the e-mails. */
export async function replaceEmails(trx: Trx, tenantId: string, id: string, kind: ResourceKind, doc: ScimResource): Promise<void> {
  if (kind !== 'User') return;
  await trx.deleteFrom('resource_emails').where('tenant_id', '=', tenantId).where('resource_id', '=', id).execute();
  const rows = emailRows(tenantId, id, kind, doc);
  if (rows.length) await trx.insertInto('resource_emails').values(rows).execute();
}

/** A written group with its members when the reply asks for them, read in the write's transaction. */
export async function withGroupMembers(trx: Trx, tenantId: string, r: StoredResource, read: ReadOptions): Promise<StoredResource> {
  const out = { ...r };
  if (r.kind === 'Group' && read.members) out.members = await loadMembers(trx, tenantId, r.id);
  return out;
}

/** The document to store: a clear-text password hashed (SCIM never returns it, and the store never keeps it). */
export async function withHashedPassword(doc: ScimResource): Promise<ScimResource> {
  if (typeof doc.password === 'string' && !isPasswordHash(doc.password)) return { ...doc, password: await hashPassword(doc.password) };
  return doc;
}

/** True when two versions of a document index the same e-mail values, so their index rows can stay. */
export function sameEmails(kind: ResourceKind, a: ScimResource, b: ScimResource): boolean {
  return emailsOf(kind, a).sort().join('\n') === emailsOf(kind, b).sort().join('\n');
}

/**
 * The indexed columns whose value a new document changes: SQLite rewrites the entries of every index whose
 * columns an UPDATE sets, changed or not, so a PATCH of displayName leaves the userName and externalId indexes alone.
 */
export function changedColumns(kind: ResourceKind, before: ScimResource, after: ScimResource): Partial<ReturnType<typeof columnsOf>> {
  const old = columnsOf(kind, before);
  const next = columnsOf(kind, after);
  const out: Partial<ReturnType<typeof columnsOf>> = {};
  for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] !== old[k]) (out as Record<string, unknown>)[k] = next[k];
  return out;
}
