import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';
import { isUniqueViolation } from '../store/dialect.js';
import { hashPassword, verifyPassword } from '../store/password-hash.js';
import { migrateAdmin } from './admin-migrations.js';
import type { AdminAccountsTable, AdminDb, AdminTrx } from './admin-tables.js';
import { DEFAULT_SIGN_IN_POLICY, waitAfterFailure, type SignInPolicy } from './sign-in-policy.js';

/** An admin account's public facts. */
export interface AdminAccount {
  id: string;
  username: string;
  createdAt: string;
  lastSignInAt: string | null;
}

/** What a sign-in attempt came to: the account, a wrong name or password, or a name that must wait (back-off or lock-out). */
export type SignInResult =
  | { ok: true; account: AdminAccount }
  | { ok: false; reason: 'invalid'; failures: number; retryAfterMs: number }
  | { ok: false; reason: 'wait'; retryAfterMs: number; locked: boolean };

/** Why an account could not be created; the API and the CLI word it. */
export class AdminAccountError extends Error {
  constructor(readonly code: 'invalidUsername' | 'weakPassword' | 'usernameTaken' | 'setupDone', message: string) {
    super(message);
    this.name = 'AdminAccountError';
  }
}

/** The shortest password accepted (NIST SP 800-63B asks for at least 8; a console that can delete users asks for more). */
export const MIN_PASSWORD_LENGTH = 12;
const USERNAME = /^[\p{L}\p{N}._@+-]{1,100}$/u;
// Verified against when the name is unknown, so an unknown name costs what a known one does.
const DUMMY_HASH = hashPassword('scimkit-no-such-account');

function toAccount(r: AdminAccountsTable): AdminAccount {
  return { id: r.id, username: r.username, createdAt: r.created_at, lastSignInAt: r.last_sign_in_at };
}

/** Checks a new account's name and password; every problem is a clear message. */
export function checkNewAccount(username: string, password: string): void {
  if (!USERNAME.test(username)) throw new AdminAccountError('invalidUsername', 'a username is 1 to 100 letters, digits or . _ @ + -');
  if (password.length < MIN_PASSWORD_LENGTH) throw new AdminAccountError('weakPassword', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 1024) throw new AdminAccountError('weakPassword', 'a password is at most 1,024 characters');
  if (password.toLowerCase() === username.toLowerCase()) throw new AdminAccountError('weakPassword', 'the password must not be the username');
}

/**
 * Console admin accounts: passwords hashed with scrypt, and sign-in with back-off and lock-out per name
 * tried. Kept in the database, so every server process and node sees the same accounts and failures.
 */
export class AdminAccountStore {
  private constructor(private readonly db: Db, private readonly now: () => Date, private readonly policy: SignInPolicy) {}

  /** Migrates the admin tables and opens the store. */
  static async open(db: Db, opts: { now?: () => Date; policy?: SignInPolicy } = {}): Promise<AdminAccountStore> {
    await migrateAdmin(db);
    return new AdminAccountStore(db, opts.now ?? (() => new Date()), opts.policy ?? DEFAULT_SIGN_IN_POLICY);
  }

  private get k(): AdminDb {
    return this.db.kysely as unknown as AdminDb;
  }

  private write<T>(work: (trx: AdminTrx) => Promise<T>): Promise<T> {
    return this.db.write((trx) => work(trx as unknown as AdminTrx));
  }

  /** How many accounts exist: none means the console asks for the first admin. */
  async count(): Promise<number> {
    const row = await this.k.selectFrom('admin_accounts').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Every account, oldest first. */
  async list(): Promise<AdminAccount[]> {
    return (await this.k.selectFrom('admin_accounts').selectAll().orderBy('created_at').execute()).map(toAccount);
  }

  /** An account by id. */
  async get(id: string): Promise<AdminAccount | undefined> {
    const row = await this.k.selectFrom('admin_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  }

  /** Creates an account; `onlyIfFirst` refuses when any account exists (the console's first-run form, safe against two racing). */
  async create(username: string, password: string, opts: { onlyIfFirst?: boolean } = {}): Promise<AdminAccount> {
    const name = username.trim();
    checkNewAccount(name, password);
    const row: AdminAccountsTable = { id: randomUUID(), username: name, username_lc: name.toLowerCase(), password_hash: await hashPassword(password), created_at: this.now().toISOString(), last_sign_in_at: null };
    try {
      await this.write(async (trx) => {
        if (opts.onlyIfFirst) {
          const any = await trx.selectFrom('admin_accounts').select('id').limit(1).executeTakeFirst();
          if (any) throw new AdminAccountError('setupDone', 'an admin account exists already: sign in with it');
        }
        await trx.insertInto('admin_accounts').values(row).execute();
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AdminAccountError('usernameTaken', `an admin named "${name}" exists already`);
      throw err;
    }
    return toAccount(row);
  }

  /** Checks a name and password, counting failures per name: past a few, each try must wait longer, and many lock the name. */
  async signIn(username: string, password: string): Promise<SignInResult> {
    const key = username.trim().toLowerCase().slice(0, 200);
    const now = this.now();
    const failure = await this.k.selectFrom('admin_sign_in_failures').selectAll().where('username_lc', '=', key).executeTakeFirst();
    const fresh = failure && now.getTime() - Date.parse(failure.last_failed_at) < Math.max(this.policy.forgetMs, failure.locked_until ? Date.parse(failure.locked_until) - Date.parse(failure.last_failed_at) : 0);
    if (fresh && failure.locked_until && Date.parse(failure.locked_until) > now.getTime()) {
      return { ok: false, reason: 'wait', retryAfterMs: Date.parse(failure.locked_until) - now.getTime(), locked: failure.failures >= this.policy.lockAfter };
    }
    const row = await this.k.selectFrom('admin_accounts').selectAll().where('username_lc', '=', key).executeTakeFirst();
    const good = await verifyPassword(password, row?.password_hash ?? (await DUMMY_HASH));
    if (row && good) {
      const at = now.toISOString();
      await this.write(async (trx) => {
        await trx.deleteFrom('admin_sign_in_failures').where('username_lc', '=', key).execute();
        await trx.updateTable('admin_accounts').set({ last_sign_in_at: at }).where('id', '=', row.id).execute();
      });
      return { ok: true, account: toAccount({ ...row, last_sign_in_at: at }) };
    }
    const failures = (fresh ? failure.failures : 0) + 1;
    const waitMs = waitAfterFailure(this.policy, failures);
    const values = { failures, last_failed_at: now.toISOString(), locked_until: waitMs ? new Date(now.getTime() + waitMs).toISOString() : null };
    await this.write(async (trx) => {
      await trx.insertInto('admin_sign_in_failures').values({ username_lc: key, ...values }).onConflict((oc) => oc.column('username_lc').doUpdateSet(values)).execute();
    });
    return { ok: false, reason: 'invalid', failures, retryAfterMs: waitMs };
  }
}
