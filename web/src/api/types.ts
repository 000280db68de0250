// The shapes of the admin API answers the console reads (see /admin/v1/openapi.json).

/** An admin account (never its password). */
export interface Account {
  id: string;
  username: string;
  createdAt?: string;
  lastSignInAt?: string | null;
}

/** GET /session. */
export interface SessionInfo {
  setupRequired: boolean;
  signedIn: boolean;
  via?: 'session' | 'key' | null;
  account?: Account;
  csrfToken?: string;
  expiresAt?: string;
  idleMinutes?: number;
}

/** A tenant with its SCIM base URL. */
export interface Tenant {
  id: string;
  name: string;
  createdAt?: string;
  scimUrl: string;
}

/** A SCIM token's public side: never its secret. */
export interface TokenInfo {
  id: string;
  name: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A SCIM ListResponse. */
export interface ListResponse<T> {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}
