/**
 * The synthetic directory every benchmark run uses: the same users, in the same shape, for scimkit
 * (bulk-loaded into its database) and for the SCIMMY baseline (loaded into its in-memory store).
 */

export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const GIVEN = [
  'Ada', 'Alan', 'Amara', 'Aiko', 'Bea', 'Bruno', 'Carla', 'Chen', 'Dara', 'Diego', 'Elif', 'Emil', 'Fatima', 'Felix', 'Grace', 'Hana',
  'Hugo', 'Ines', 'Ivan', 'Jonas', 'Julia', 'Kemal', 'Lea', 'Liam', 'Maya', 'Mateo', 'Nia', 'Noah', 'Olga', 'Omar', 'Priya', 'Rafael',
  'Sara', 'Sven', 'Tariq', 'Tess', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoe',
];
const FAMILY = [
  'Andersen', 'Baker', 'Castro', 'Dubois', 'Eriksson', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Moreau',
  'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Urbano', 'Varga', 'Wang', 'Xu', 'Yilmaz', 'Zimmermann',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Legal', 'Support', 'Operations', 'Research', 'People', 'Security', 'Design', 'Facilities'];

/** The userName of synthetic user i (0-based); lookups pick a random i below the loaded count. */
export function userNameOf(i: number): string {
  return `user${i}@example.com`;
}

/** A stable GUID-shaped externalId, the way Entra ID sends its object ids. */
export function externalIdOf(i: number): string {
  return `0b5e${(i >>> 16).toString(16).padStart(4, '0')}-${(i & 0xffff).toString(16).padStart(4, '0')}-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** The POST /Users body of synthetic user i: what an identity provider would send to create it. */
export function userBody(i: number): Record<string, unknown> {
  const givenName = GIVEN[i % GIVEN.length]!;
  const familyName = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
  return {
    schemas: [CORE_USER_SCHEMA, ENTERPRISE_SCHEMA],
    userName: userNameOf(i),
    externalId: externalIdOf(i),
    name: { givenName, familyName, formatted: `${givenName} ${familyName}` },
    displayName: `${givenName} ${familyName}`,
    emails: [{ value: userNameOf(i), type: 'work', primary: true }],
    active: true,
    [ENTERPRISE_SCHEMA]: { department: DEPARTMENTS[i % DEPARTMENTS.length], employeeNumber: String(100000 + i) },
  };
}

/** A create body for a user made during a run (POST scenario, group test); `tag` keeps names unique across runs. */
export function newUserBody(tag: string, n: number): Record<string, unknown> {
  const body = userBody(n);
  return { ...body, userName: `new-${tag}-${n}@example.com`, externalId: `new-${tag}-${n}`, emails: [{ value: `new-${tag}-${n}@example.com`, type: 'work', primary: true }] };
}

/** Entra ID's shape of a single-attribute update. */
export function entraReplaceDisplayName(value: string): Record<string, unknown> {
  return { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Replace', path: 'displayName', value }] };
}

/** Entra ID's shape of adding or removing group members (a value array on the `members` path). */
export function entraMemberPatch(op: 'Add' | 'Remove', memberId: string): Record<string, unknown> {
  return { schemas: [PATCH_OP_SCHEMA], Operations: [{ op, path: 'members', value: [{ value: memberId }] }] };
}
