import { ENTERPRISE_USER_SCHEMA } from '../../scim/schema/enterprise-user-schema.js';
import type { ResourceKind } from '../../scim/schema/types.js';
import { isSchemaPath, parseMappingPath } from './parse-mapping-path.js';
import type { ExprValue } from './expr-value.js';
import { isExpressionError } from './mapping-errors.js';
import type { MappingPath } from './mapping-path.js';
import { readPath } from './path-values.js';

/** One source user or group as mappings, expressions and scoping filters read it. */
export interface SourceObject {
  kind: ResourceKind;
  id: string;
  /** The source SCIM resource, without meta. */
  doc: Record<string, unknown>;
  /** Entra's IsSoftDeleted: the engine sets it when the object is disabled, unassigned or deleted in the source. */
  isSoftDeleted: boolean;
  /** The names of the app roles assigned to the object (Entra's appRoleAssignments). */
  appRoles: string[];
}

/** An Entra ID attribute name scimkit accepts in mappings, for the console's attribute list. */
export interface SourceAttributeAlias {
  /** The name as Entra writes it, e.g. `userPrincipalName`. */
  name: string;
  /** What it reads: the SCIM path, or how the value is derived. */
  reads: string;
  description: string;
}

interface AliasDef extends SourceAttributeAlias {
  read: (source: SourceObject) => unknown;
}

const ENT = ENTERPRISE_USER_SCHEMA;

function viaPath(name: string, path: string, description: string): AliasDef {
  const parsed = parseMappingPath(path);
  return { name, reads: parsed.text, description, read: (s) => readPath(s.doc, parsed) };
}

function derived(name: string, reads: string, description: string, read: (s: SourceObject) => unknown): AliasDef {
  return { name, reads, description, read };
}

const WORK_MAIL = parseMappingPath('emails[type eq "work"].value');
const PRIMARY_MAIL = parseMappingPath('emails[primary eq true].value');
const ALL_MAILS = parseMappingPath('emails.value');
const USER_NAME = parseMappingPath('userName');
const DISPLAY_NAME = parseMappingPath('displayName');

/** Entra's `mail`: the work e-mail, else the primary one, else the only one. */
function mailOf(s: SourceObject): unknown {
  const all = readPath(s.doc, ALL_MAILS);
  return readPath(s.doc, WORK_MAIL) ?? readPath(s.doc, PRIMARY_MAIL) ?? (Array.isArray(all) && all.length === 1 ? all[0] : undefined);
}

function localPart(v: unknown): unknown {
  return typeof v === 'string' ? v.split('@')[0] : undefined;
}

/** A group's mail alias: its display name without the characters an Exchange alias cannot hold. */
function groupNickname(s: SourceObject): unknown {
  const name = readPath(s.doc, DISPLAY_NAME);
  return typeof name === 'string' ? name.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, '') : undefined;
}

const common = (kind: string): AliasDef[] => [
  derived('objectId', 'id', `The source ${kind}'s id.`, (s) => s.id),
  derived('IsSoftDeleted', 'the engine', `True when the ${kind} is deleted, disabled or no longer assigned in the source.`, (s) => s.isSoftDeleted),
];

const USER_ALIASES: AliasDef[] = [
  viaPath('userPrincipalName', 'userName', 'The sign-in name.'),
  derived('mail', 'emails[type eq "work"].value, else the primary e-mail', 'The e-mail address.', mailOf),
  derived('mailNickname', 'userName before the "@"', 'The mail alias.', (s) => localPart(readPath(s.doc, USER_NAME))),
  viaPath('givenName', 'name.givenName', 'The first name.'),
  viaPath('surname', 'name.familyName', 'The last name.'),
  viaPath('displayName', 'displayName', 'The display name.'),
  viaPath('jobTitle', 'title', 'The job title.'),
  viaPath('mobile', 'phoneNumbers[type eq "mobile"].value', 'The mobile phone number.'),
  viaPath('telephoneNumber', 'phoneNumbers[type eq "work"].value', 'The work phone number.'),
  viaPath('facsimileTelephoneNumber', 'phoneNumbers[type eq "fax"].value', 'The fax number.'),
  viaPath('streetAddress', 'addresses[type eq "work"].streetAddress', 'The work street address.'),
  viaPath('postalCode', 'addresses[type eq "work"].postalCode', 'The work postal code.'),
  viaPath('city', 'addresses[type eq "work"].locality', 'The work city.'),
  viaPath('state', 'addresses[type eq "work"].region', 'The work state or region.'),
  viaPath('country', 'addresses[type eq "work"].country', 'The work country.'),
  viaPath('department', `${ENT}:department`, 'The department.'),
  viaPath('employeeId', `${ENT}:employeeNumber`, 'The employee number.'),
  viaPath('companyName', `${ENT}:organization`, 'The organization.'),
  viaPath('manager', `${ENT}:manager`, "The manager's source id (the engine maps it to the manager's target id)."),
  viaPath('accountEnabled', 'active', 'True when the account is enabled.'),
  viaPath('preferredLanguage', 'preferredLanguage', 'The preferred language.'),
  derived('appRoleAssignments', 'the app roles assigned', "The names of the user's app roles.", (s) => s.appRoles),
  ...common('user'),
];

const GROUP_ALIASES: AliasDef[] = [
  viaPath('displayName', 'displayName', 'The group name.'),
  viaPath('description', 'description', 'The group description.'),
  derived('mailNickname', 'displayName without spaces and symbols', 'The mail alias.', groupNickname),
  derived('appRoleAssignments', 'the app roles assigned', "The names of the group's app roles.", (s) => s.appRoles),
  ...common('group'),
];

const ALIASES: Record<ResourceKind, Map<string, AliasDef>> = {
  User: new Map(USER_ALIASES.map((a) => [a.name.toLowerCase(), a])),
  Group: new Map(GROUP_ALIASES.map((a) => [a.name.toLowerCase(), a])),
};

/** The Entra attribute names scimkit accepts beside SCIM paths, per object kind, for the console's attribute picker. */
export const sourceAttributeAliases: Record<ResourceKind, readonly SourceAttributeAlias[]> = {
  User: USER_ALIASES.map(({ name, reads, description }) => ({ name, reads, description })),
  Group: GROUP_ALIASES.map(({ name, reads, description }) => ({ name, reads, description })),
};

/** Parsed names; mappings name a bounded set of attributes, so a small cache spares a parse per object. */
const parsedNames = new Map<string, MappingPath | null>();
const MAX_CACHED_NAMES = 2_000;

function tryParse(name: string): MappingPath | undefined {
  const cached = parsedNames.get(name);
  if (cached !== undefined) return cached ?? undefined;
  let path: MappingPath | null = null;
  try {
    path = parseMappingPath(name);
  } catch (err) {
    if (!isExpressionError(err)) throw err;
  }
  if (parsedNames.size >= MAX_CACHED_NAMES) parsedNames.clear();
  parsedNames.set(name, path);
  return path ?? undefined;
}

/** True when a mapping, expression or scoping filter may read this name: an Entra alias or a SCIM path of the kind's schema. */
export function isKnownSourceAttribute(kind: ResourceKind, name: string): boolean {
  if (ALIASES[kind].has(name.toLowerCase())) return true;
  const path = tryParse(name);
  return path !== undefined && isSchemaPath(kind, path);
}

/**
 * Reads a source attribute by Entra alias (`userPrincipalName`, `mail`, `IsSoftDeleted`…) or SCIM path
 * (`emails[type eq "work"].value`); undefined when the object has no value or the name means nothing.
 */
export function resolveSourceAttribute(source: SourceObject, name: string): ExprValue | undefined {
  const alias = ALIASES[source.kind].get(name.toLowerCase());
  if (alias) return alias.read(source) as ExprValue | undefined;
  const path = tryParse(name);
  return path ? (readPath(source.doc, path) as ExprValue | undefined) : undefined;
}
