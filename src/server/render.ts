import { projectResource, type AttrSelection } from '../scim/resource/project-attributes.js';
import { resourceTypes } from '../scim/schema/registry.js';
import type { ResourceKind, ScimResource } from '../scim/schema/types.js';
import { etagOf, type StoredResource } from '../store/resource-row.js';

/** The URL of a resource type's endpoint under a tenant's SCIM base URL. */
export function endpointUrl(base: string, kind: ResourceKind): string {
  return `${base}${resourceTypes[kind].endpoint}`;
}

/** A stored resource as the SCIM JSON a client sees: id, meta, members or groups with $ref, then the attribute selection. */
export function renderResource(base: string, r: StoredResource, sel: AttrSelection = {}): ScimResource {
  const { schemas, ...attrs } = r.doc;
  const out: ScimResource = { schemas, id: r.id, ...attrs };
  if (r.members) {
    out.members = r.members.map((m) => ({
      value: m.value,
      $ref: `${endpointUrl(base, m.type)}/${m.value}`,
      type: m.type,
      ...(m.display ? { display: m.display } : {}),
    }));
  }
  if (r.groups) {
    out.groups = r.groups.map((g) => ({ value: g.value, $ref: `${endpointUrl(base, 'Group')}/${g.value}`, ...(g.display ? { display: g.display } : {}), type: 'direct' }));
  }
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

function managerOf(doc: ScimResource): Record<string, unknown> | undefined {
  const ext = doc['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] as Record<string, unknown> | undefined;
  const m = ext?.manager;
  if (m && typeof m === 'object' && !Array.isArray(m)) {
    ext!.manager = { ...(m as Record<string, unknown>) };
    return ext!.manager as Record<string, unknown>;
  }
  return undefined;
}
