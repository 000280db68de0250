import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/database.js';
import { migrateAdmin } from './admin-migrations.js';
import type { AdminDb, AdminTrx } from './admin-tables.js';

/** How long a session lasts: it ends after `idleMs` without a request, and `absoluteMs` after sign-in whatever happens. */
export interface SessionLifetime {
  idleMs: number;
  absoluteMs: number;
}

/** The defaults: 30 minutes idle, 12 hours at most (OWASP's session management guidance for admin consoles). */
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** A live session as a request sees it. */
export interface AdminSession {
  accountId: string;
  csrfToken: string;
  expiresAt: string;
}

// last_seen_at is written at most this often: a console polling every second must not write every second.
const TOUCH_EVERY_MS = 30_000;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Console sessions, kept in the database so every server process and node shares them: the cookie holds
 * a 256-bit secret, the table only its SHA-256; each session carries its own CSRF token.
 */
export class AdminSessionStore {
  private constructor(private readonly db: Db, private readonly now: () => Date, readonly lifetime: SessionLifetime) {}

  /** Migrates the admin tables and opens the store. */
  static async open(db: Db, opts: { now?: () => Date; lifetime?: Partial<SessionLifetime> } = {}): Promise<AdminSessionStore> {
    await migrateAdmin(db);
    return new AdminSessionStore(db, opts.now ?? (() => new Date()), { ...DEFAULT_SESSION_LIFETIME, ...opts.lifetime });
  }

  private get k(): AdminDb {
    return this.db.kysely as unknown as AdminDb;
  }

  private write<T>(work: (trx: AdminTrx) => Promise<T>): Promise<T> {
    return this.db.write((trx) => work(trx as unknown as AdminTrx));
  }

  private expiry(createdAt: number, seenAt: number): string {
    return new Date(Math.min(createdAt + this.lifetime.absoluteMs, seenAt + this.lifetime.idleMs)).toISOString();
  }

  /** Starts a session; the returned secret goes into the cookie and is never stored. Expired sessions are swept meanwhile. */
  async create(accountId: string): Promise<{ secret: string; session: AdminSession }> {
    const secret = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.now();
    const at = now.toISOString();
    const expiresAt = this.expiry(now.getTime(), now.getTime());
    await this.write(async (trx) => {
      await trx.deleteFrom('admin_sessions').where('expires_at', '<=', at).execute();
      await trx.insertInto('admin_sessions').values({ id_hash: sha256(secret), account_id: accountId, csrf_token: csrfToken, created_at: at, last_seen_at: at, expires_at: expiresAt }).execute();
    });
    return { secret, session: { accountId, csrfToken, expiresAt } };
  }

  /** The live session a cookie secret opens, its idle expiry pushed on; undefined when unknown, ended or expired. */
  async verify(secret: string): Promise<AdminSession | undefined> {
    if (!SECRET.test(secret)) return undefined;
    const idHash = sha256(secret);
    const row = await this.k.selectFrom('admin_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    const now = this.now();
    if (!row || Date.parse(row.expires_at) <= now.getTime()) return undefined;
    let expiresAt = row.expires_at;
    if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
      expiresAt = this.expiry(Date.parse(row.created_at), now.getTime());
      const seen = now.toISOString();
      await this.write((trx) => trx.updateTable('admin_sessions').set({ last_seen_at: seen, expires_at: expiresAt }).where('id_hash', '=', idHash).execute());
    }
    return { accountId: row.account_id, csrfToken: row.csrf_token, expiresAt };
  }

  /** Ends a session (sign-out); true when there was one. */
  async end(secret: string): Promise<boolean> {
    if (!SECRET.test(secret)) return false;
    const r = await this.write((trx) => trx.deleteFrom('admin_sessions').where('id_hash', '=', sha256(secret)).executeTakeFirst());
    return Number(r.numDeletedRows) > 0;
  }
}

/** True when a request's CSRF header is its session's token (compared in constant time). */
export function csrfMatches(session: AdminSession, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
