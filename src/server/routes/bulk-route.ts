import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../../config/server-config.js';
import { scimError, type ScimError } from '../../scim/errors.js';
import type { ResourceKind } from '../../scim/schema/types.js';
import type { AuditEntry } from '../../store/audit-store.js';
import { toScimError } from '../error-handler.js';
import { createResource, deleteResource, patchResource, replaceResource, type Outcome, type ScimContext } from '../resource-service.js';
import type { ScimContextOf } from './scim-context.js';
import { sendOutcome } from './send-outcome.js';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
/** A bulkId reference inside an operation's path, e.g. `/Groups/bulkId:g1`. */
const PATH_REF = /bulkId:([^/?]+)/g;

interface BulkOp {
  method: string;
  bulkId?: string;
  path: string;
  data?: unknown;
  version?: unknown;
}

// Replaces every "bulkId:<id>" string inside a value with the id that operation created.
function resolveRefs(value: unknown, ids: Map<string, string>, missing: Set<string>): unknown {
  if (typeof value === 'string' && value.startsWith('bulkId:')) {
    const id = ids.get(value.slice(7));
    if (id === undefined) missing.add(value.slice(7));
    return id ?? value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids, missing));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids, missing)]));
  return value;
}

function parseOps(body: unknown, maxOps: number): { ops: BulkOp[]; failOnErrors: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw scimError.invalidSyntax('A BulkRequest must be a JSON object.');
  const b = body as Record<string, unknown>;
  const schemas = b.schemas;
  if (Array.isArray(schemas) && !schemas.includes(BULK_REQUEST)) throw scimError.invalidSyntax(`A BulkRequest's schemas must include ${BULK_REQUEST}.`);
  const ops = b.Operations ?? b.operations;
  if (!Array.isArray(ops)) throw scimError.invalidSyntax('A BulkRequest needs an "Operations" array.');
  if (ops.length > maxOps) throw scimError.tooLarge(`The bulk request has ${ops.length} operations; maxOperations is ${maxOps}.`);
  const seen = new Set<string>();
  for (const [i, op] of ops.entries()) {
    const o = op as Partial<BulkOp> | null;
    if (!o || typeof o !== 'object' || typeof o.method !== 'string' || typeof o.path !== 'string') {
      throw scimError.invalidSyntax(`Operation ${i + 1} needs a "method" and a "path".`);
    }
    if (o.method.toUpperCase() === 'POST' && o.bulkId === undefined) throw scimError.invalidSyntax(`Operation ${i + 1} is a POST and needs a "bulkId".`);
    if (o.bulkId !== undefined && (typeof o.bulkId !== 'string' || o.bulkId.trim() === '')) {
      throw scimError.invalidValue(`Operation ${i + 1}: a bulkId must be a non-empty string.`);
    }
    if (o.bulkId !== undefined) {
      if (seen.has(o.bulkId)) throw scimError.invalidSyntax(`bulkId "${o.bulkId}" is used twice.`);
      seen.add(o.bulkId);
    }
  }
  const f = b.failOnErrors;
  if (f !== undefined && (typeof f !== 'number' || !Number.isInteger(f) || f < 1)) throw scimError.invalidSyntax('failOnErrors must be a positive integer.');
  return { ops: ops as BulkOp[], failOnErrors: (f as number | undefined) ?? Number.POSITIVE_INFINITY };
}

function target(path: string): { kind: ResourceKind; id?: string } | undefined {
  const m = /^\/(Users|Groups)(?:\/([^/?]+))?$/i.exec(path.trim());
  if (!m) return undefined;
  return { kind: m[1]!.toLowerCase() === 'users' ? 'User' : 'Group', ...(m[2] ? { id: m[2] } : {}) };
}

async function runOne(ctx: ScimContext, op: BulkOp, ids: Map<string, string>): Promise<Outcome> {
  const missing = new Set<string>();
  // A path names a created resource as `/Users/bulkId:<id>` (RFC 7644 §3.7: bulkIds cross-reference "in and across operations").
  const path = op.path.replace(PATH_REF, (whole, ref: string) => {
    const id = ids.get(ref);
    if (id === undefined) missing.add(ref);
    return id ?? whole;
  });
  const data = resolveRefs(op.data, ids, missing);
  if (missing.size) throw scimError.badRequest('invalidValue', `Unresolved bulkId reference(s): ${[...missing].join(', ')}.`);
  const t = target(path);
  const method = op.method.toUpperCase();
  if (op.version !== undefined && typeof op.version !== 'string') throw scimError.invalidValue('An operation\'s "version" must be a string (an ETag such as W/"3").');
  const version = op.version as string | undefined;
  if (!t) throw scimError.invalidPath(`Bulk path "${op.path}" must be /Users, /Groups, or one of their resources.`);
  if (method === 'POST' && !t.id) return createResource(ctx, t.kind, data, {});
  if (!t.id) throw scimError.invalidPath(`${method} needs a resource path like /Users/{id}.`);
  if (method === 'PUT') return replaceResource(ctx, t.kind, t.id, data, {}, version);
  if (method === 'PATCH') return patchResource(ctx, t.kind, t.id, data, { excludedAttributes: [{ attr: 'members' }] }, version);
  if (method === 'DELETE') return deleteResource(ctx, t.kind, t.id, version);
  throw scimError.invalidSyntax(`Bulk method "${op.method}" is not one of POST, PUT, PATCH, DELETE.`);
}

function errorResult(op: BulkOp, err: ScimError) {
  return { method: op.method, ...(op.bulkId !== undefined ? { bulkId: op.bulkId } : {}), status: String(err.status), response: err.toBody() };
}

// The path an operation names, under the tenant's SCIM path, as the audit trail records it (bulkIds resolved where known).
function auditPath(tenantPath: string, op: BulkOp, ids: Map<string, string>): string {
  return `${tenantPath}${op.path.trim().replace(PATH_REF, (whole, ref: string) => ids.get(ref) ?? whole)}`;
}

// Operations that refer to a bulkId created later in the request wait for it (RFC 7644 §3.7.2), so order them.
function refsOf(op: BulkOp): string[] {
  const out: string[] = [...op.path.matchAll(PATH_REF)].map((m) => m[1]!);
  JSON.stringify(op.data ?? null, (_k, v) => {
    if (typeof v === 'string' && v.startsWith('bulkId:')) out.push(v.slice(7));
    return v;
  });
  return out;
}

/**
 * POST /Bulk (RFC 7644 §3.7): operations in order, bulkId references resolved, failOnErrors honoured. Once
 * the request is accepted, every failure (an internal one too) is the failing operation's own result, so a
 * Bulk whose earlier operations committed never answers 500. Each operation is one audit record: those that
 * succeed commit theirs with their change, those that fail are recorded before the response is sent.
 */
export function registerBulkRoute(app: FastifyInstance, ctxOf: ScimContextOf, config: ServerConfig): void {
  app.post('/Bulk', async (req: FastifyRequest, reply) => {
    const base = ctxOf(req);
    const { ops, failOnErrors } = parseOps(req.body, config.maxBulkOperations);
    const tenantPath = (base.audit?.path ?? '').replace(/\/Bulk$/i, '');
    const declared = new Set(ops.map((o) => o.bulkId).filter((x): x is string => !!x));
    const ids = new Map<string, string>();
    const results: unknown[] = new Array(ops.length);
    const failed: AuditEntry[] = [];
    let pending = ops.map((op, i) => ({ op, i }));
    let errors = 0;
    while (pending.length && errors < failOnErrors) {
      const ready = pending.filter(({ op }) => refsOf(op).every((r) => ids.has(r) || !declared.has(r)));
      // Nothing can run: the remaining operations refer to each other in a circle.
      const batch = ready.length ? ready : pending;
      for (const { op, i } of batch) {
        if (errors >= failOnErrors) break;
        const audit = base.audit && { ...base.audit, method: op.method.toUpperCase(), path: auditPath(tenantPath, op, ids), bulkOp: i + 1 };
        const ctx: ScimContext = { ...base, audit };
        try {
          if (!ready.length) throw scimError.badRequest('invalidValue', `Circular bulkId reference in operation ${i + 1}.`);
          const o = await runOne(ctx, op, ids);
          if (op.bulkId && o.resourceId && op.method.toUpperCase() === 'POST') ids.set(op.bulkId, o.resourceId);
          results[i] = {
            method: op.method,
            ...(op.bulkId !== undefined ? { bulkId: op.bulkId } : {}),
            ...(o.location ? { location: o.location } : {}),
            ...(o.etag ? { version: o.etag } : {}),
            status: String(o.status),
          };
        } catch (err) {
          const scim = toScimError(err, req);
          errors++;
          results[i] = errorResult(op, scim);
          if (audit) failed.push({ ...audit, tenantId: base.tenantId, at: new Date().toISOString(), resourceType: null, resourceId: null, status: scim.status, scimType: scim.scimType ?? null, detail: scim.detail });
        }
      }
      const done = new Set(batch.map((b) => b.i));
      pending = pending.filter((p) => !done.has(p.i));
    }
    // The operations' results stand whatever happens here: some may have committed, so the answer stays 200.
    await base.store.audit.record(...failed).catch((err: unknown) => req.log.error({ err, operations: failed.length }, 'could not record the failed bulk operations'));
    req.scimOutcome = { ...(req.scimOutcome ?? {}), audited: true };
    return sendOutcome(req, reply, { status: 200, body: { schemas: [BULK_RESPONSE], Operations: results.filter((r) => r !== undefined) }, audited: true });
  });
}
