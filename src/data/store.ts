import { TenantStore } from '../tenants/tenant-store.js';
import { TokenStore } from '../tenants/token-store.js';
import { AuditStore } from '../store/audit-store.js';
import { openDatabase, type Db, type OpenOptions } from '../store/database.js';
import type { MemberMatcher } from '../store/memberships.js';
import { ResourceStore } from '../store/resource-store.js';

/** Everything scimkit keeps, behind one handle: each domain's store over one database. */
export interface Store {
  db: Db;
  tenants: TenantStore;
  tokens: TokenStore;
  resources: ResourceStore;
  audit: AuditStore;
  close(): Promise<void>;
}

/** Opens (and migrates) the database at a SQLite path or postgres:// URL and wires the domain stores onto it. */
export async function openStore(url: string, opts: OpenOptions & { matchMember: MemberMatcher }): Promise<Store> {
  const db = await openDatabase(url, { poolSize: opts.poolSize, lockWaitMs: opts.lockWaitMs, reads: opts.reads, backgroundCheckpoints: opts.backgroundCheckpoints });
  const audit = new AuditStore(db);
  return {
    db,
    tenants: new TenantStore(db),
    tokens: new TokenStore(db),
    resources: new ResourceStore(db, opts.matchMember),
    audit,
    close: () => db.close(),
  };
}
