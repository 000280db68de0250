import { expectStatus, notScimError } from './answer-checks.js';
import { isScimClientError } from './client-error.js';
import type { ScimRequestOptions, ScimResponse } from './http-request.js';
import { isScimResource, readListResponse, type ScimResource } from './list-response.js';
import { renderPatch, type PatchOperation, type RenderOptions } from './patch-operations.js';
import { eqFilter, type FilterValue } from './scim-filter.js';
import { resourcePath } from './tenant-url.js';

/** What the typed calls share: the transport, the token (to mask it in excerpts) and the PATCH rendering. */
export interface OperationContext {
  request(method: string, path: string, opts?: ScimRequestOptions): Promise<ScimResponse>;
  token: string;
  render: RenderOptions;
}

/** Which attributes to ask for (RFC 7644 §3.9); Entra reads groups with `excludedAttributes: ['members']`. */
export interface AttributeSelection {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

function selection(sel: AttributeSelection | undefined): Record<string, readonly string[] | undefined> {
  return {
    attributes: sel?.attributes?.length ? sel.attributes : undefined,
    excludedAttributes: sel?.excludedAttributes?.length ? sel.excludedAttributes : undefined,
  };
}

function resourceOf(ctx: OperationContext, res: ScimResponse, what: string): ScimResource {
  if (!isScimResource(res.body)) throw notScimError(res, ctx.token, `${what}: the answer is not a SCIM resource with an id`);
  return res.body;
}

/** `GET /<type>?filter=<attr> eq "<value>"`: the resources the target holds with that value (the matching step). */
export async function findByAttribute(ctx: OperationContext, resourceType: string, attributePath: string, value: FilterValue, sel?: AttributeSelection): Promise<ScimResource[]> {
  return findByFilter(ctx, resourceType, eqFilter(attributePath, value), sel);
}

/**
 * `GET /<type>?filter=<filter>`: the resources a filter the caller built finds (a value path such as
 * `emails[type eq "work" and value eq "x"]`, which `findByAttribute`'s plain attribute path cannot say).
 */
export async function findByFilter(ctx: OperationContext, resourceType: string, filter: string, sel?: AttributeSelection): Promise<ScimResource[]> {
  const res = await ctx.request('GET', resourcePath(resourceType), { query: { filter, ...selection(sel) } });
  expectStatus(res, ctx.token, 200);
  const page = readListResponse(res.body);
  if ('problem' in page) throw notScimError(res, ctx.token, page.problem);
  return page.resources;
}

/** `GET /<type>/<id>`: the resource, or null when the target has no such resource (404). */
export async function getResource(ctx: OperationContext, resourceType: string, id: string, sel?: AttributeSelection): Promise<ScimResource | null> {
  const res = await ctx.request('GET', resourcePath(resourceType, id), { query: selection(sel) });
  if (res.status === 404) return null;
  expectStatus(res, ctx.token, 200);
  return resourceOf(ctx, res, 'GET');
}

/** `POST /<type>`: the created resource with the target's id (a 409 is an `http` error with scimType uniqueness). */
export async function createResource(ctx: OperationContext, resourceType: string, resource: Record<string, unknown>): Promise<ScimResource> {
  const res = await ctx.request('POST', resourcePath(resourceType), { body: resource });
  expectStatus(res, ctx.token, 201, 200);
  return resourceOf(ctx, res, 'POST');
}

/** `PUT /<type>/<id>`: the replaced resource. */
export async function replaceResource(ctx: OperationContext, resourceType: string, id: string, resource: Record<string, unknown>): Promise<ScimResource> {
  const res = await ctx.request('PUT', resourcePath(resourceType, id), { body: resource });
  expectStatus(res, ctx.token, 200);
  return resourceOf(ctx, res, 'PUT');
}

/** `DELETE /<type>/<id>`: true when it was deleted, false when the target already had no such resource (404). */
export async function deleteResource(ctx: OperationContext, resourceType: string, id: string): Promise<boolean> {
  const res = await ctx.request('DELETE', resourcePath(resourceType, id));
  if (res.status === 404) return false;
  expectStatus(res, ctx.token, 204, 200);
  return true;
}

/**
 * `PATCH /<type>/<id>`, rendered for the target's profile and split into member chunks, sent in order.
 * Returns the resource of the last answer that carried one (204 answers carry none). When a request fails,
 * the error's `applied` lists what the earlier requests carried (empty if none), so the engine records those as done.
 */
export async function patchResource(ctx: OperationContext, resourceType: string, id: string, operations: readonly PatchOperation[]): Promise<ScimResource | undefined> {
  const requests = renderPatch(operations, ctx.render);
  const applied: PatchOperation[] = [];
  let last: ScimResource | undefined;
  for (const req of requests) {
    try {
      const res = await ctx.request('PATCH', resourcePath(resourceType, id), { body: req.body });
      expectStatus(res, ctx.token, 200, 204);
      if (isScimResource(res.body)) last = res.body;
    } catch (err) {
      if (isScimClientError(err)) err.applied = [...applied];
      throw err;
    }
    applied.push(...req.carries);
  }
  return last;
}
