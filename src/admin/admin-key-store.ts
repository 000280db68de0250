import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../store/database.js';
import { newKeyId } from '../store/key-id.js';
import { migrateAdmin } from './admin-migrations.js';

interface AdminKeysTable {
  id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

type AdminDb = Kysely<{ admin_keys: AdminKeysTable }>;

/** An admin API key's public facts; the secret is shown once and never stored. */
export interface AdminKeyInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const KEY = /^scimkit_admin_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function toInfo(r: AdminKeysTable): AdminKeyInfo {
  return { id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at };
}

/**
 * Keys for the admin REST API (`/admin/v1`): `scimkit_admin_<id>_<secret>`, a shape no SCIM token has, so
 * neither kind of secret opens the other door. Stored as SHA-256 of the 256-bit secret, compared in constant time.
 */
export class AdminKeyStore {
  private constructor(private readonly db: AdminDb, private readonly now: () => Date) {}

  /** Migrates the admin tables and opens the store. */
  static async open(db: Db, now: () => Date = () => new Date()): Promise<AdminKeyStore> {
    await migrateAdmin(db);
    return new AdminKeyStore(db.kysely as unknown as AdminDb, now);
  }

  /** Creates a key; the returned secret string is the only copy that will ever exist. */
  async create(name?: string): Promise<{ info: AdminKeyInfo; key: string }> {
    const id = newKeyId();
    const secret = randomBytes(32).toString('base64url');
    const row: AdminKeysTable = { id, name: name?.trim() || 'admin', secret_hash: sha256(secret), created_at: this.now().toISOString(), last_used_at: null, revoked_at: null };
    await this.db.insertInto('admin_keys').values(row).execute();
    return { info: toInfo(row), key: `scimkit_admin_${id}_${secret}` };
  }

  /** Every key, newest first, without secrets. */
  async list(): Promise<AdminKeyInfo[]> {
    return (await this.db.selectFrom('admin_keys').selectAll().orderBy('created_at', 'desc').execute()).map(toInfo);
  }

  /** Revokes a key at once; undefined when there is no such key. */
  async revoke(id: string): Promise<AdminKeyInfo | undefined> {
    await this.db.updateTable('admin_keys').set({ revoked_at: this.now().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    const row = await this.db.selectFrom('admin_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toInfo(row);
  }

  /** The key a presented secret belongs to, when it is valid and not revoked. */
  async verify(presented: string): Promise<AdminKeyInfo | undefined> {
    const m = KEY.exec(presented);
    if (!m) return undefined;
    const row = await this.db.selectFrom('admin_keys').selectAll().where('id', '=', m[1]!).executeTakeFirst();
    if (!row || row.revoked_at) return undefined;
    const a = Buffer.from(sha256(m[2]!), 'hex');
    const b = Buffer.from(row.secret_hash, 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    const at = this.now().toISOString();
    if (!row.last_used_at || Date.parse(at) - Date.parse(row.last_used_at) > 60_000) await this.db.updateTable('admin_keys').set({ last_used_at: at }).where('id', '=', row.id).execute();
    return toInfo(row);
  }
}
