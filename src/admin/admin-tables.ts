import type { Kysely, Transaction } from 'kysely';

/** A console admin account; only an scrypt hash of the password is kept. */
export interface AdminAccountsTable {
  id: string;
  username: string;
  username_lc: string;
  password_hash: string;
  created_at: string;
  last_sign_in_at: string | null;
}

/** Failed sign-ins per name tried, for back-off and lock-out. */
export interface AdminSignInFailuresTable {
  username_lc: string;
  failures: number;
  last_failed_at: string;
  locked_until: string | null;
}

/** A console session: the SHA-256 of its cookie secret, its CSRF token and its expiry. */
export interface AdminSessionsTable {
  id_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** The admin domain's tables as Kysely sees them. */
export interface AdminTables {
  admin_accounts: AdminAccountsTable;
  admin_sign_in_failures: AdminSignInFailuresTable;
  admin_sessions: AdminSessionsTable;
}

/** The database handle typed with the admin tables. */
export type AdminDb = Kysely<AdminTables>;

/** A write transaction over the admin tables. */
export type AdminTrx = Transaction<AdminTables>;
