import { LIST_RESPONSE_SCHEMA } from '../scim/discovery.js';
import { scimError } from '../scim/errors.js';
import { applyPatch } from '../scim/patch/apply-patch.js';
import { parsePatchRequest } from '../scim/patch/patch-request.js';
import { normalizeResource } from '../scim/resource/normalize-resource.js';
import { wantsAttribute, type AttrSelection } from '../scim/resource/project-attributes.js';
import type { ResourceKind, ScimResource } from '../scim/schema/types.js';
import type { MembershipChange } from '../store/memberships.js';
import { etagOf, ifMatchAccepts, type ReadOptions, type StoredResource } from '../store/resource-row.js';
import type { AuditDraft } from '../store/audit-store.js';
import type { Store } from '../data/store.js';
import type { ListParams } from './list-params.js';
import { renderResource, renderResourceJson } from './render.js';

/** Who is asking and where: the tenant, its SCIM base URL and the limits that apply. */
export interface ScimContext {
  store: Store;
  tenantId: string;
  /** The tenant's SCIM base URL, e.g. https://host/scim/v2/<tenant>. */
  base: string;
  maxResults: number;
  /** Who is writing (token, address, method, path): a write records it in its own transaction. */
  audit?: Omit<AuditDraft, 'status'>;
}

/** The result of one SCIM operation, independent of HTTP, so /Bulk can run the same operations. */
export interface Outcome {
  status: number;
  body?: unknown;
  /** The body as JSON text already, for the reads answered at the highest rates; sent instead of `body`. */
  text?: string;
  etag?: string;
  location?: string;
  resourceId?: string;
  /** True when the audit record was written with the change, so nothing is left to record. */
  audited?: boolean;
}

// The audit record of a write that succeeds with this status, or none when the caller records nothing.
function auditAs(ctx: ScimContext, status: number): AuditDraft | undefined {
  return ctx.audit && Object.assign({}, ctx.audit, { status });
}

function readOptions(kind: ResourceKind, sel: AttrSelection): ReadOptions {
  return kind === 'Group' ? { members: wantsAttribute('Group', sel, 'members') } : { groups: wantsAttribute('User', sel, 'groups') };
}

function single(ctx: ScimContext, r: StoredResource, sel: AttrSelection, status: number): Outcome {
  const body = renderResource(ctx.base, r, sel);
  return { status, body, etag: etagOf(r.version), location: (body.meta as { location: string } | undefined)?.location ?? `${ctx.base}/${r.kind}s/${r.id}`, resourceId: r.id };
}

// The members a POST or PUT body asserts, or undefined when it says nothing about members.
function membersOf(doc: ScimResource): { value: string; type?: string }[] | undefined {
  return Array.isArray(doc.members) ? (doc.members as { value: string; type?: string }[]) : undefined;
}

/** POST /Users, POST /Groups: validates, stores, and answers 201 with the new resource. */
export async function createResource(ctx: ScimContext, kind: ResourceKind, body: unknown, sel: AttrSelection): Promise<Outcome> {
  const doc = normalizeResource(kind, body);
  const members = kind === 'Group' ? membersOf(doc) : undefined;
  const stored = await ctx.store.resources.create(ctx.tenantId, kind, doc, { members, read: readOptions(kind, sel), audit: auditAs(ctx, 201) });
  return Object.assign(single(ctx, stored, sel, 201), { audited: !!ctx.audit });
}

/** GET /Users/{id}: 404 when absent, 304 when If-None-Match names the current version. */
export async function getResource(ctx: ScimContext, kind: ResourceKind, id: string, sel: AttrSelection, ifNoneMatch?: string): Promise<Outcome> {
  const stored = await ctx.store.resources.get(ctx.tenantId, kind, id, readOptions(kind, sel));
  if (!stored) throw scimError.notFound(`${kind} ${id} not found.`);
  if (ifNoneMatch && ifMatchAccepts(ifNoneMatch, stored.version)) return { status: 304, etag: etagOf(stored.version), resourceId: id };
  return { status: 200, text: renderResourceJson(ctx.base, stored, sel), etag: etagOf(stored.version), resourceId: id };
}

/**
 * PUT: the body replaces the resource. A group's members are replaced when the body has `members`
 * (an empty list clears them) and left alone when it does not mention them (RFC 7644 §3.5.1 lets a
 * server treat an omitted attribute as not asserted; wiping a large group by omission is the worse error).
 */
export async function replaceResource(ctx: ScimContext, kind: ResourceKind, id: string, body: unknown, sel: AttrSelection, ifMatch?: string): Promise<Outcome> {
  const result = await ctx.store.resources.update(
    ctx.tenantId,
    kind,
    id,
    (current) => {
      const doc = normalizeResource(kind, body, { existing: current.doc });
      if (doc.password === undefined && current.doc.password !== undefined) doc.password = current.doc.password;
      const members = kind === 'Group' ? membersOf(doc) : undefined;
      const memberChanges: MembershipChange[] = members ? [members.length ? { op: 'replace', members } : { op: 'removeAll' }] : [];
      return { doc, memberChanges };
    },
    { ifMatch, read: readOptions(kind, sel), audit: auditAs(ctx, 200) },
  );
  return Object.assign(single(ctx, result.resource, sel, 200), { audited: !!ctx.audit });
}

/**
 * PATCH: the SCIM core applies the operations to the current document and yields member changes,
 * which the store applies row by row. Users answer 200 with the resource; groups answer 204 unless
 * the client asked for attributes, because a large group's member list does not belong in a PATCH reply.
 */
export async function patchResource(ctx: ScimContext, kind: ResourceKind, id: string, body: unknown, sel: AttrSelection, ifMatch?: string): Promise<Outcome> {
  const ops = parsePatchRequest(body);
  const wantBody = kind === 'User' || sel.attributes !== undefined || sel.excludedAttributes !== undefined;
  const result = await ctx.store.resources.update(
    ctx.tenantId,
    kind,
    id,
    (current) => {
      // The stored document has no id; patch the resource as the client sees it, so an echoed `id`
      // (Okta's pathless group rename sends {id, displayName}) is recognised as unchanged, not read-only.
      const patched = applyPatch(kind, { ...current.doc, id: current.id }, ops);
      const doc = patched.changed ? normalizeResource(kind, patched.resource, { existing: current.doc }) : current.doc;
      return { doc, memberChanges: patched.memberOps };
    },
    { ifMatch, read: wantBody ? readOptions(kind, sel) : {}, audit: auditAs(ctx, wantBody ? 200 : 204) },
  );
  if (!wantBody) return { status: 204, etag: etagOf(result.resource.version), resourceId: id, audited: !!ctx.audit };
  return Object.assign(single(ctx, result.resource, sel, 200), { audited: !!ctx.audit });
}

/** DELETE: 204, and the resource leaves every group it was in. */
export async function deleteResource(ctx: ScimContext, kind: ResourceKind, id: string, ifMatch?: string): Promise<Outcome> {
  await ctx.store.resources.delete(ctx.tenantId, kind, id, { ifMatch, audit: auditAs(ctx, 204) });
  return { status: 204, resourceId: id, audited: !!ctx.audit };
}

/**
 * GET /Users?filter=…, POST /Users/.search: a ListResponse page, as JSON text (`as: 'text'`, what the routes
 * send) or as an object (`as: 'object'`, for a caller that merges pages).
 */
export async function listResources(ctx: ScimContext, kind: ResourceKind, p: ListParams, as: 'text' | 'object' = 'text'): Promise<Outcome> {
  const result = await ctx.store.resources.list(ctx.tenantId, kind, {
    filter: p.filter,
    startIndex: p.startIndex,
    count: p.count,
    sortBy: p.sortBy,
    sortOrder: p.sortOrder,
    cursor: p.cursor,
    read: readOptions(kind, p.selection),
  });
  const head: Record<string, unknown> = { schemas: [LIST_RESPONSE_SCHEMA], totalResults: result.totalResults, itemsPerPage: result.resources.length };
  // startIndex belongs to index paging; a cursor page (RFC 9865) has no index.
  if (p.cursor === undefined) head.startIndex = result.startIndex;
  if (result.nextCursor) head.nextCursor = result.nextCursor;
  if (as === 'object') return { status: 200, body: { ...head, Resources: result.resources.map((r) => renderResource(ctx.base, r, p.selection)) } };
  const resources = result.resources.map((r) => renderResourceJson(ctx.base, r, p.selection)).join(',');
  return { status: 200, text: `${JSON.stringify(head).slice(0, -1)},"Resources":[${resources}]}` };
}
