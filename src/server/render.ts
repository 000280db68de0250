import { assignWithout } from '../scim/resource/copy-keys.js';
import { hiddenByDefaultNames, projectResource, type AttrSelection } from '../scim/resource/project-attributes.js';
import { resourceTypes } from '../scim/schema/registry.js';
import type { ResourceKind, ScimResource } from '../scim/schema/types.js';
import { etagOf, storedDocText, type StoredResource } from '../store/resource-row.js';

const SCHEMAS = ['schemas'];

/** The URL of a resource type's endpoint under a tenant's SCIM base URL. */
export function endpointUrl(base: string, kind: ResourceKind): string {
  return `${base}${resourceTypes[kind].endpoint}`;
}

/** A stored resource as the SCIM JSON a client sees: id, meta, members or groups with $ref, then the attribute selection. */
export function renderResource(base: string, r: StoredResource, sel: AttrSelection = {}): ScimResource {
  const out: ScimResource = assignWithout({ schemas: r.doc.schemas, id: r.id }, r.doc, SCHEMAS);
  if (r.members) {
    out.members = r.members.map((m) => {
      const member: Record<string, unknown> = { value: m.value, $ref: `${endpointUrl(base, m.type)}/${m.value}`, type: m.type };
      if (m.display) member.display = m.display;
      return member;
    });
  }
  if (r.groups) out.groups = groupsOf(base, r.groups);
  const manager = managerOf(out);
  if (manager && typeof manager.value === 'string' && !manager.$ref) manager.$ref = `${endpointUrl(base, 'User')}/${manager.value}`;
  out.meta = {
    resourceType: r.kind,
    created: r.created,
    lastModified: r.lastModified,
    location: `${endpointUrl(base, r.kind)}/${r.id}`,
    version: etagOf(r.version),
  };
  return projectResource(r.kind, out, sel);
}

// A user's `groups` as SCIM shows them (RFC 7643 §4.1.2: direct memberships only, each with its $ref).
function groupsOf(base: string, groups: NonNullable<StoredResource['groups']>): Record<string, unknown>[] {
  return groups.map((g) => {
    const group: Record<string, unknown> = { value: g.value, $ref: `${endpointUrl(base, 'Group')}/${g.value}` };
    if (g.display) group.display = g.display;
    group.type = 'direct';
    return group;
  });
}

function managerOf(doc: ScimResource): Record<string, unknown> | undefined {
  const ext = doc['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as Record<string, unknown> | undefined;
  const m = ext?.manager;
  if (m && typeof m === 'object' && !Array.isArray(m)) {
    ext!.manager = { ...(m as Record<string, unknown>) };
    return ext!.manager as Record<string, unknown>;
  }
  return undefined;
}

// Marks in a stored document's text that the whole-resource rendering would change: attributes it hides
// (`password`), a manager that gains a $ref, and the null, [] and {} values it drops (normalisation never
// stores those; a string that merely contains such text only costs the general path).
const CHANGED_BY_RENDERING: Record<ResourceKind, string[]> = {
  User: [...hiddenByDefaultNames('User').map((n) => `"${n}"`), '"manager"', 'null', '[]', '{}'],
  Group: [...hiddenByDefaultNames('Group').map((n) => `"${n}"`), 'null', '[]', '{}'],
};
const SCHEMAS_FIRST = '{"schemas":[';

/**
 * renderResource as JSON text. A resource just read from SQLite and shown whole (no attributes or
 * excludedAttributes) is the stored text with id, groups and meta spliced in, since the stored document is
 * already canonical (normalizeResource: schema-case keys, `schemas` listing exactly the extensions present,
 * no null or empty values); anything else is rendered and serialised as usual. The keys come in another
 * order, which JSON does not care about.
 */
export function renderResourceJson(base: string, r: StoredResource, sel: AttrSelection = {}): string {
  const text = sel.attributes || sel.excludedAttributes || r.members ? undefined : storedDocText(r);
  const endOfSchemas = text?.startsWith(SCHEMAS_FIRST) ? text.indexOf(']', SCHEMAS_FIRST.length) : -1;
  if (text === undefined || endOfSchemas < 0 || CHANGED_BY_RENDERING[r.kind].some((mark) => text.includes(mark))) {
    return JSON.stringify(renderResource(base, r, sel));
  }
  let out = `${text.slice(0, endOfSchemas + 1)},"id":${JSON.stringify(r.id)}${text.slice(endOfSchemas + 1, -1)}`;
  if (r.groups?.length) {
    out += `,"groups":${JSON.stringify(groupsOf(base, r.groups))}`;
  }
  const meta = { resourceType: r.kind, created: r.created, lastModified: r.lastModified, location: `${endpointUrl(base, r.kind)}/${r.id}`, version: etagOf(r.version) };
  return `${out},"meta":${JSON.stringify(meta)}}`;
}
