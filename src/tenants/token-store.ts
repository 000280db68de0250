import type { Db } from '../store/database.js';
import type { TokensTable } from '../store/tables.js';
import { generateToken, hashSecret, parseToken, secretMatches } from './token-secret.js';

type TokenRow = TokensTable;

/** A token's public facts; the secret itself is never stored or listed. */
export interface TokenInfo {
  id: string;
  tenantId: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Why a presented token was refused, for the audit trail (the client only ever sees 401). */
export type TokenCheck =
  | { ok: true; token: TokenInfo }
  /** `tokenId` is set when the presented id names a real token (a wrong secret, a revoked, expired or other tenant's token). */
  | { ok: false; reason: 'malformed' | 'unknown' | 'wrong-secret' | 'revoked' | 'expired' | 'wrong-tenant'; tokenId?: string };

const LAST_USED_RESOLUTION_MS = 60_000;
/** How long a successful check is remembered: a revocation made by another process takes effect within this. */
export const TOKEN_CACHE_MS = 1_000;

/** Bearer tokens per tenant: created and shown once, stored as a hash, checked in constant time, revocable. */
export class TokenStore {
  private readonly lastUsedWritten = new Map<string, number>();
  // Successful checks by presented token (keyed by its hash): SCIM clients send the same token on every
  // request, and a database read per request was a fifth of a filter lookup's cost.
  private readonly recent = new Map<string, { row: TokenRow; until: number }>();

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {}

  /** Creates a token for a tenant; the returned secret string is the only copy that will ever exist. */
  async create(tenantId: string, opts: { name?: string; expiresInDays?: number } = {}): Promise<{ info: TokenInfo; token: string }> {
    const { id, token, secretHash } = generateToken();
    const created = this.now();
    const expires = opts.expiresInDays === undefined ? null : new Date(created.getTime() + opts.expiresInDays * 86_400_000).toISOString();
    const row = {
      id,
      tenant_id: tenantId,
      name: opts.name?.trim() || 'token',
      secret_hash: secretHash,
      created_at: created.toISOString(),
      expires_at: expires,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.write((trx) => trx.insertInto('tokens').values(row).execute());
    return { info: toInfo(row), token };
  }

  /** The tokens of a tenant, newest first, without secrets. */
  async list(tenantId: string): Promise<TokenInfo[]> {
    const rows = await this.db.kysely.selectFrom('tokens').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
    return rows.map(toInfo);
  }

  /** Revokes a token at once; returns false when there is no such token. */
  async revoke(tokenId: string): Promise<TokenInfo | undefined> {
    const at = this.now().toISOString();
    await this.db.write((trx) => trx.updateTable('tokens').set({ revoked_at: at }).where('id', '=', tokenId).where('revoked_at', 'is', null).execute());
    for (const [k, v] of this.recent) if (v.row.id === tokenId) this.recent.delete(k);
    const row = await this.db.kysely.selectFrom('tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
    return row ? toInfo(row) : undefined;
  }

  /** Checks a presented bearer token against the tenant of the URL, and records when it was last used. */
  async verify(tenantId: string, presented: string): Promise<TokenCheck> {
    const parsed = parseToken(presented);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const now = this.now();
    const key = hashSecret(presented);
    const hit = this.recent.get(key);
    let row: TokenRow | undefined;
    if (hit && hit.until > now.getTime()) row = hit.row;
    else {
      this.recent.delete(key);
      row = await this.db.kysely.selectFrom('tokens').selectAll().where('id', '=', parsed.id).executeTakeFirst();
      if (!row) return { ok: false, reason: 'unknown' };
      if (!secretMatches(parsed.secret, row.secret_hash)) return { ok: false, reason: 'wrong-secret', tokenId: row.id };
      if (!row.revoked_at) {
        if (this.recent.size > 10_000) this.recent.clear();
        this.recent.set(key, { row, until: now.getTime() + TOKEN_CACHE_MS });
      }
    }
    if (row.tenant_id !== tenantId) return { ok: false, reason: 'wrong-tenant', tokenId: row.id };
    if (row.revoked_at) return { ok: false, reason: 'revoked', tokenId: row.id };
    if (row.expires_at && row.expires_at <= now.toISOString()) return { ok: false, reason: 'expired', tokenId: row.id };
    this.touch(row.id, now);
    return { ok: true, token: toInfo(row) };
  }

  // Writing last_used_at on every request would turn each read into a write; a minute's resolution is enough.
  // The write joins group commit and nobody waits for it: a read must not wait for the write lock (another
  // process may hold it), and a failed write is simply tried again on a later request.
  private touch(id: string, now: Date): void {
    const last = this.lastUsedWritten.get(id) ?? 0;
    if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(id, now.getTime());
    this.db
      .write((trx) => trx.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute())
      .catch(() => this.lastUsedWritten.delete(id));
  }
}

function toInfo(r: TokenRow): TokenInfo {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}
