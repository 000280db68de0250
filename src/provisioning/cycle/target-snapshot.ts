import type { ScimClient } from '../client/scim-client.js';
import { readListResponse } from '../client/list-response.js';
import type { CompiledMapping, CompiledObjectMapping } from '../mapping/compile-mappings.js';
import { readPath } from '../mapping/attribute-path.js';

/** When a full cycle reads the target's matching values instead of one GET per object, and how big a target it reads. */
export interface SnapshotPolicy {
  /** Objects without a link a full cycle must have before the target is read (default 500). */
  minUnlinked: number;
  /** Largest target read (default 1,000,000 objects); a bigger one is matched by GET. */
  maxTargetObjects: number;
  /** Objects asked for per page (default 1000, lowered to the target's advertised maxPageSize). */
  pageSize: number;
}

/** The default policy: read the target when that takes fewer requests than a GET per unlinked object. */
export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { minUnlinked: 500, maxTargetObjects: 1_000_000, pageSize: 1000 };

// Values compare in lower case: a target's `eq` is at most as strict as that (RFC 7644 §3.4.2.2 compares by
// the attribute's caseExact, never by anything looser), so a value absent here is absent for its filter too.
function norm(v: unknown): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).toLowerCase();
  return undefined;
}

/**
 * Every value the target held at each matching attribute when the cycle began, read with one paged
 * list of only those attributes. It can only say "no target object held this value": matchTarget then
 * skips that GET. Any candidate (a value equal in any case, in any element of a multi-valued attribute)
 * still goes through the GET, so what the snapshot cannot see exactly is decided by the target itself.
 *
 * Why no duplicate can come of it: the snapshot is read at the start of every full cycle, after any
 * crash of an earlier one, so a create that crashed before its link was written is in the snapshot and
 * is matched by GET, not created again; a target object created by someone else after the snapshot
 * with a unique matching value makes our POST answer 409, which matches by GET and links it.
 */
export class TargetSnapshot {
  private constructor(
    private readonly values: Map<string, Set<string>>,
    /** Target objects read. */
    readonly size: number,
  ) {}

  /**
   * Reads the target's matching values when that is worth it: at least `minUnlinked` objects to match
   * and fewer list pages than that; undefined otherwise (or when the target cannot list), and the
   * cycle matches by GET as before.
   */
  static async read(client: ScimClient, om: CompiledObjectMapping, unlinked: number, policy: SnapshotPolicy): Promise<TargetSnapshot | undefined> {
    if (unlinked < policy.minUnlinked || !om.matching.length) return undefined;
    const resourceType = om.kind === 'User' ? 'Users' : 'Groups';
    try {
      const probe = await client.request('GET', `/${resourceType}`, { query: { count: 0 } });
      const list = probe.status === 200 ? readListResponse(probe.body) : undefined;
      const total = list && !('problem' in list) ? list.totalResults : undefined;
      if (total === undefined || total > policy.maxTargetObjects || Math.ceil(total / policy.pageSize) * 2 > unlinked) return undefined;
      const keys = new Map<string, CompiledMapping>(om.matching.map((m) => [m.key, m]));
      const values = new Map<string, Set<string>>([...keys.keys()].map((k) => [k, new Set<string>()]));
      const attributes = [...new Set(om.matching.map((m) => (m.target.uri ? `${m.target.uri}:${m.target.attr}` : m.target.attr)))];
      let size = 0;
      for await (const r of client.listAll(resourceType, { attributes, pageSize: policy.pageSize })) {
        size += 1;
        for (const [key, m] of keys) {
          // Without the value filter: every element's value is a candidate (broader, never narrower, than the filter).
          const v = readPath(r, { ...m.target, filter: undefined });
          for (const x of Array.isArray(v) ? v : [v]) {
            const n = norm(x);
            if (n !== undefined) values.get(key)!.add(n);
          }
        }
      }
      return new TargetSnapshot(values, size);
    } catch {
      // A target that cannot list as asked is matched by GET, as before; a real outage shows on the next request.
      return undefined;
    }
  }

  /** False only when no target object held this value (in any case) at this matching attribute when the snapshot was read. */
  mayHold(key: string, value: unknown): boolean {
    const set = this.values.get(key);
    const n = norm(value);
    return set === undefined || n === undefined || set.has(n);
  }

  /** Records a value this cycle created, so a second source object with it is matched by GET. */
  add(values: Record<string, unknown>): void {
    for (const [key, set] of this.values) {
      const n = norm(values[key]);
      if (n !== undefined) set.add(n);
    }
  }
}
