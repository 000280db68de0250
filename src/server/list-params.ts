import type { AttrPath, Filter } from '../scim/filter/ast.js';
import { validateFilter, validateSortBy } from '../scim/filter/evaluate-filter.js';
import { parseAttrPath, parseFilter } from '../scim/filter/parse-filter.js';
import { scimError } from '../scim/errors.js';
import { parseAttributeList, type AttrSelection } from '../scim/resource/project-attributes.js';
import type { ResourceKind } from '../scim/schema/types.js';

/** A list or search request's parameters, from the query string (GET) or the SearchRequest body (POST /.search). */
export interface ListParams {
  filter?: Filter;
  startIndex: number;
  count: number;
  sortBy?: AttrPath;
  sortOrder: 'ascending' | 'descending';
  cursor?: string;
  selection: AttrSelection;
}

/** The default page size when a client gives no count (RFC 7644 leaves it to the server). */
export const DEFAULT_PAGE_SIZE = 100;

// RFC 7644 §3.4.2.4: startIndex and count are integers written in decimal (a sign allowed: negatives are
// clamped by the caller). `0x10`, `1e2` and `16.0` are not 16, and a number past 2^53 cannot be paged to.
const DECIMAL_INTEGER = /^-?\d+$/;

function intParam(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (text === undefined || !DECIMAL_INTEGER.test(text)) throw scimError.invalidValue(`${name} must be a decimal integer, got ${JSON.stringify(String(raw).slice(0, 40))}.`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw scimError.invalidValue(`${name} must be at most ${Number.MAX_SAFE_INTEGER}.`);
  return n;
}

function strParam(name: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) return raw.map((r) => strParam(name, r)).join(',');
  if (typeof raw !== 'string') throw scimError.invalidValue(`${name} must be a string.`);
  return raw;
}

/**
 * The parameters by lower-cased name (clients send `startindex`, `Filter`, `excludedattributes`): one pass
 * over the keys however many parameters are read. When a name comes in two cases, the first one wins.
 */
function byLowerName(src: Record<string, unknown>): (name: string) => unknown {
  const found = new Map<string, unknown>();
  for (const k in src) {
    if (!Object.hasOwn(src, k)) continue;
    const lower = k.toLowerCase();
    if (!found.has(lower)) found.set(lower, src[k]);
  }
  return (name) => found.get(name.toLowerCase());
}

/** Reads and checks list parameters (RFC 7644 §3.4.2 and RFC 9865); a bad one is 400 with the matching scimType. */
export function parseListParams(kind: ResourceKind | undefined, src: Record<string, unknown>, maxResults: number): ListParams {
  const pick = byLowerName(src);
  const filterText = strParam('filter', pick('filter'));
  let filter: Filter | undefined;
  if (filterText !== undefined && filterText.trim() !== '') {
    filter = parseFilter(filterText);
    if (kind) validateFilter(kind, filter);
  }
  const startIndex = Math.max(1, intParam('startIndex', pick('startIndex')) ?? 1);
  // RFC 7644 §3.4.2.4: a negative count is 0; more than the server allows is cut to its maximum.
  const count = Math.min(maxResults, Math.max(0, intParam('count', pick('count')) ?? Math.min(DEFAULT_PAGE_SIZE, maxResults)));
  const sortByText = strParam('sortBy', pick('sortBy'));
  const sortBy = sortByText ? parseAttrPath(sortByText) : undefined;
  if (sortBy && kind) validateSortBy(kind, sortBy);
  const order = strParam('sortOrder', pick('sortOrder'))?.toLowerCase();
  if (order !== undefined && order !== 'ascending' && order !== 'descending') {
    throw scimError.invalidValue(`sortOrder must be "ascending" or "descending", got "${order}".`);
  }
  const cursor = strParam('cursor', pick('cursor'));
  const attributes = parseAttributeList(strParam('attributes', pick('attributes')));
  const excludedAttributes = parseAttributeList(strParam('excludedAttributes', pick('excludedAttributes')));
  const params: ListParams = { startIndex, count, sortOrder: order === 'descending' ? 'descending' : 'ascending', selection: selectionOf(attributes, excludedAttributes) };
  if (filter) params.filter = filter;
  if (sortBy) params.sortBy = sortBy;
  if (cursor !== undefined) params.cursor = cursor;
  return params;
}

/** Reads `attributes` / `excludedAttributes` alone, for single-resource requests. */
export function parseSelection(src: Record<string, unknown>): AttrSelection {
  const pick = byLowerName(src);
  const attributes = parseAttributeList(strParam('attributes', pick('attributes')));
  const excludedAttributes = parseAttributeList(strParam('excludedAttributes', pick('excludedAttributes')));
  return selectionOf(attributes, excludedAttributes);
}

// Built by assignment: object spreads of conditional literals cost microseconds on every list request.
function selectionOf(attributes: AttrSelection['attributes'], excludedAttributes: AttrSelection['excludedAttributes']): AttrSelection {
  const selection: AttrSelection = {};
  if (attributes) selection.attributes = attributes;
  if (excludedAttributes) selection.excludedAttributes = excludedAttributes;
  return selection;
}
