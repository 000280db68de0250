/** The two databases scimkit runs on; queries are shared, DDL and JSON access branch on this. */
export type DialectName = 'sqlite' | 'postgres';

/** True for a unique-constraint violation on either database, mapped in this one place to SCIM 409 uniqueness. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  return !!e && (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505');
}

/** True for PostgreSQL serialization failures and deadlocks, which are safe to retry once. */
export function isRetryableConflict(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY';
}
