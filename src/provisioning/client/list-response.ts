/** A SCIM resource as the target returned it; `id` is the one attribute every answer must carry. */
export type ScimResource = Record<string, unknown> & { id: string };

/** One page of a ListResponse, read tolerantly. */
export interface ListPage {
  resources: ScimResource[];
  /** Absent when the target left it out (some do). */
  totalResults: number | undefined;
  /** RFC 9865: the cursor of the next page; absent on the last page. */
  nextCursor: string | undefined;
}

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** True for a JSON object that carries a string `id`: the least a resource in an answer must be. */
export function isScimResource(v: unknown): v is ScimResource {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { id?: unknown }).id === 'string' && (v as { id: string }).id !== '';
}

/**
 * Reads a ListResponse as targets really send it: `totalResults` may be missing or a string, `Resources` may
 * be missing on an empty page (or spelled `resources`). Returns a reason instead when it is not a list of
 * resources with ids, so the caller can say what the target got wrong.
 */
export function readListResponse(body: unknown): ListPage | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: typeof body === 'string' ? 'the answer is not JSON' : 'the answer is not a JSON object' };
  }
  const b = body as Record<string, unknown>;
  const raw = b.Resources ?? b.resources;
  const totalResults = asNumber(b.totalResults);
  const schemas = Array.isArray(b.schemas) ? b.schemas : [];
  if (raw === undefined && totalResults === undefined && !schemas.includes(LIST_RESPONSE)) {
    return { problem: 'the answer is not a ListResponse (no Resources, no totalResults)' };
  }
  if (raw !== undefined && !Array.isArray(raw)) return { problem: 'Resources is not an array' };
  const resources = (raw ?? []) as unknown[];
  const bad = resources.findIndex((r) => !isScimResource(r));
  if (bad >= 0) return { problem: `Resources[${bad}] has no id` };
  const nextCursor = typeof b.nextCursor === 'string' && b.nextCursor !== '' ? b.nextCursor : undefined;
  return { resources: resources as ScimResource[], totalResults, nextCursor };
}
