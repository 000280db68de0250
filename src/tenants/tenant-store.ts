import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';
import { isUniqueViolation } from '../store/dialect.js';

/** A tenant as the CLI, the admin API and the SCIM routes see it. */
export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

/** Raised when a tenant name is taken; the CLI turns it into a plain message. */
export class TenantNameTaken extends Error {}

/** Tenants: each one an isolated SCIM directory. */
export class TenantStore {
  constructor(private readonly db: Db) {}

  /** Creates a tenant; names are unique regardless of case. */
  async create(name: string): Promise<Tenant> {
    const clean = name.trim();
    if (!clean) throw new RangeError('a tenant needs a non-empty name');
    if (clean.length > 200) throw new RangeError('a tenant name is at most 200 characters');
    const row = { id: randomUUID(), name: clean, name_lc: clean.toLowerCase(), created_at: new Date().toISOString(), last_seq: 0 };
    try {
      await this.db.write((trx) => trx.insertInto('tenants').values(row).execute());
    } catch (err) {
      if (isUniqueViolation(err)) throw new TenantNameTaken(`a tenant named "${clean}" already exists`);
      throw err;
    }
    return { id: row.id, name: row.name, createdAt: row.created_at };
  }

  /** Finds a tenant by id, or by name (case-insensitive) when no id matches. */
  async find(idOrName: string): Promise<Tenant | undefined> {
    const row = await this.db.kysely
      .selectFrom('tenants')
      .select(['id', 'name', 'created_at'])
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name_lc', '=', idOrName.toLowerCase())]))
      .orderBy('created_at')
      .executeTakeFirst();
    return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
  }

  /** Finds a tenant by its id only: the SCIM URL carries ids, never names. */
  async get(id: string): Promise<Tenant | undefined> {
    const row = await this.db.kysely.selectFrom('tenants').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
  }

  /** The last change-feed seq of a tenant (0 when it never changed): a cycle snapshots it, a scheduler polls it. */
  async lastSeq(id: string): Promise<number> {
    const row = await this.db.kysely.selectFrom('tenants').select('last_seq').where('id', '=', id).executeTakeFirst();
    return Number(row?.last_seq ?? 0);
  }

  /** Every tenant, oldest first. */
  async list(): Promise<Tenant[]> {
    const rows = await this.db.kysely.selectFrom('tenants').select(['id', 'name', 'created_at']).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }
}
