import type { ResourceKind } from '../scim/schema/types.js';

/** Columns that mirror a top-level attribute of the document, with the case rule their stored copy follows. */
export const INDEXED_COLUMNS: Record<string, { column: string; lower: boolean; kind?: ResourceKind }> = {
  id: { column: 'r.id', lower: false },
  externalId: { column: 'r.external_id', lower: false },
  userName: { column: 'r.user_name_lc', lower: true, kind: 'User' },
  displayName: { column: 'r.display_name_lc', lower: true },
  'meta.created': { column: 'r.created', lower: false },
  'meta.lastModified': { column: 'r.last_modified', lower: false },
  'meta.resourceType': { column: 'r.type', lower: false },
};
