/** A user or group of the source tenant, by id or by userName / displayName, as admins name them. */
export type PrincipalRef = { user: string } | { group: string };
