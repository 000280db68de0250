import { expectStatus, notScimError } from './answer-checks.js';
import type { ScimResponse } from './http-request.js';
import { readListResponse, type ScimResource } from './list-response.js';
import type { AttributeSelection, OperationContext } from './resource-operations.js';
import { resourcePath, type QueryParams } from './tenant-url.js';

/** How to walk a target's resources. */
export interface ListAllOptions extends AttributeSelection {
  /** Resources asked for per page (default 100; lowered to the target's advertised `maxPageSize`). */
  pageSize?: number;
  /** An RFC 7644 filter to narrow the walk. */
  filter?: string;
}

/** What `listAll` reads from the target's ServiceProviderConfig (RFC 9865 §4), when it has one. */
export interface PagingSupport {
  cursor: boolean;
  maxPageSize: number | undefined;
}

/** Reads RFC 9865 paging support from a ServiceProviderConfig; a target that says nothing pages by index. */
export function pagingSupport(spc: Record<string, unknown> | undefined): PagingSupport {
  const p = spc?.pagination as { cursor?: unknown; maxPageSize?: unknown } | undefined;
  const max = typeof p?.maxPageSize === 'number' && p.maxPageSize > 0 ? p.maxPageSize : undefined;
  return { cursor: p?.cursor === true, maxPageSize: max };
}

async function page(ctx: OperationContext, resourceType: string, query: QueryParams): Promise<{ res: ScimResponse; resources: ScimResource[]; totalResults: number | undefined; nextCursor: string | undefined }> {
  const res = await ctx.request('GET', resourcePath(resourceType), { query });
  expectStatus(res, ctx.token, 200);
  const list = readListResponse(res.body);
  if ('problem' in list) throw notScimError(res, ctx.token, list.problem);
  return { res, ...list };
}

/**
 * Every resource of a type, page by page, as an async iterator: with an RFC 9865 cursor when the target
 * advertises one, else by startIndex/count. Tolerates a missing `totalResults` (walks until an empty page)
 * and a target that returns fewer than asked (advances by what it got); stops with `notScim` if the target
 * ignores paging and repeats a page, rather than looping forever.
 */
export async function* listAll(ctx: OperationContext, support: PagingSupport, resourceType: string, opts: ListAllOptions = {}): AsyncGenerator<ScimResource> {
  const asked = opts.pageSize ?? 100;
  if (!Number.isInteger(asked) || asked < 1) throw new RangeError(`pageSize must be a positive integer, got ${asked}`);
  const count = support.maxPageSize !== undefined ? Math.min(asked, support.maxPageSize) : asked;
  const base: QueryParams = {
    filter: opts.filter,
    attributes: opts.attributes?.length ? opts.attributes : undefined,
    excludedAttributes: opts.excludedAttributes?.length ? opts.excludedAttributes : undefined,
    count,
  };
  if (support.cursor) {
    let cursor = '';
    const seen = new Set<string>();
    for (;;) {
      const p = await page(ctx, resourceType, { ...base, cursor });
      yield* p.resources;
      if (p.nextCursor === undefined || p.resources.length === 0) return;
      if (seen.has(p.nextCursor)) throw notScimError(p.res, ctx.token, `the target returned nextCursor ${JSON.stringify(p.nextCursor)} twice`);
      seen.add(p.nextCursor);
      cursor = p.nextCursor;
    }
  }
  let startIndex = 1;
  let previousFirst: string | undefined;
  for (;;) {
    const p = await page(ctx, resourceType, { ...base, startIndex });
    if (p.resources.length === 0) return;
    if (p.resources[0]!.id === previousFirst) {
      throw notScimError(p.res, ctx.token, `the target ignores startIndex: the page at ${startIndex} repeats the previous one`);
    }
    previousFirst = p.resources[0]!.id;
    yield* p.resources;
    startIndex += p.resources.length;
    if (p.totalResults !== undefined && startIndex > p.totalResults) return;
  }
}
