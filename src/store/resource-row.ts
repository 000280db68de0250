import { assignWithout } from '../scim/resource/copy-keys.js';
import { comparisonKey } from '../scim/input-rules.js';
import type { ResourceKind, ScimResource } from '../scim/schema/types.js';
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './dialect.js';
import type { GroupRef, MemberRef } from './member-refs.js';

export type { GroupRef, MemberRef } from './member-refs.js';
import { groupsFromColumn, groupsOfRowSql } from './memberships.js';
import type { ResourcesTable } from './tables.js';



/** A resource as stored: the canonical document without id, meta or members, plus what meta is made of. */
export interface StoredResource {
  kind: ResourceKind;
  id: string;
  doc: ScimResource;
  version: number;
  created: string;
  lastModified: string;
  seq: number;
  /** Loaded only when asked for (`excludedAttributes=members` must not read the memberships). */
  members?: MemberRef[];
  /** Loaded only when asked for. */
  groups?: GroupRef[];
}

/** Which computed multi-valued attributes a read should load. */
export interface ReadOptions {
  members?: boolean;
  groups?: boolean;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The indexed columns a document's attributes are mirrored into. */
export function columnsOf(kind: ResourceKind, doc: ScimResource) {
  const userName = kind === 'User' ? str(doc.userName) : null;
  const displayName = str(doc.displayName);
  return {
    external_id: str(doc.externalId),
    user_name: userName,
    user_name_lc: userName === null ? null : comparisonKey(userName),
    display_name: displayName,
    display_name_lc: displayName === null ? null : comparisonKey(displayName),
    active: kind === 'User' && typeof doc.active === 'boolean' ? (doc.active ? 1 : 0) : null,
  };
}

/** Lower-cased, de-duplicated e-mail values of a user, for the resource_emails index table. */
export function emailsOf(kind: ResourceKind, doc: ScimResource): string[] {
  if (kind !== 'User' || !Array.isArray(doc.emails)) return [];
  const out = new Set<string>();
  for (const e of doc.emails as { value?: unknown }[]) if (typeof e?.value === 'string' && e.value) out.add(e.value.toLowerCase());
  return [...out];
}

const STORED_ELSEWHERE = ['id', 'meta', 'members', 'groups'];

/** The stored document without the parts kept in columns or tables (id, meta, members, groups). */
export function docForStorage(doc: ScimResource): ScimResource {
  return assignWithout({}, doc, STORED_ELSEWHERE);
}

/** A resources row as read back, with the user's groups when the query selected them (see groupsOfRowSql). */
export type ReadRow = Pick<ResourcesTable, 'id' | 'type' | 'doc' | 'version' | 'created' | 'last_modified' | 'seq'> & { groups?: unknown };

/** The select list of a ReadRow from `resources r`, with the users' groups when `groups` is set. */
export function readColumnsSql(dialect: DialectName, groups: boolean): RawBuilder<unknown> {
  const base = sql`r.id, r.type, r.doc, r.version, r.created, r.last_modified, r.seq`;
  return groups ? sql`${base}, ${groupsOfRowSql(dialect)} AS groups` : base;
}

// The document text of resources as read from SQLite, so a response can reuse it instead of serialising the
// parsed document again. Keyed by the parsed document object: a resource given another document (a write's
// result, `r.doc = …`) has another key and never inherits a text that no longer matches it.
const docTexts = new WeakMap<ScimResource, string>();

/** The stored JSON text of a resource's document exactly as it was read, when the driver returned text. */
export function storedDocText(r: StoredResource): string | undefined {
  return docTexts.get(r.doc);
}

/** Turns a row into a StoredResource; jsonb arrives parsed from pg, text from SQLite (whose text is kept, see storedDocText). */
export function rowToStored(row: ReadRow): StoredResource {
  const doc = typeof row.doc === 'string' ? (JSON.parse(row.doc) as ScimResource) : (row.doc as ScimResource);
  if (typeof row.doc === 'string') docTexts.set(doc, row.doc);
  const stored: StoredResource = {
    kind: row.type as ResourceKind,
    id: row.id,
    doc,
    version: Number(row.version),
    created: row.created,
    lastModified: row.last_modified,
    seq: Number(row.seq),
  };
  if (row.groups !== undefined && row.groups !== null) stored.groups = groupsFromColumn(row.groups);
  return stored;
}

/** The weak ETag of a version, as sent in `meta.version` and the ETag header. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/** True when an If-Match header value accepts this version (`*`, a list, weak or strong forms). */
export function ifMatchAccepts(header: string, version: number): boolean {
  return header
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t.replace(/^W\//, '') === `"${version}"`);
}
