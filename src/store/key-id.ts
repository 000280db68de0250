import { randomBytes } from 'node:crypto';

/**
 * The public id of a new SCIM token or admin key: 12 base64url characters (72 random bits) that never begin
 * with "-", since admins pass ids to the CLI (`scimkit token revoke <id>`), which would read such an id as an
 * option. Ids made before this may begin with "-"; the CLI takes them after `--`.
 */
export function newKeyId(): string {
  for (;;) {
    const id = randomBytes(9).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
