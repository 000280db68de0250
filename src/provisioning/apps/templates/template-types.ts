import type { AppMappings, AttributeMapping } from '../../mapping/mapping-types.js';
import type { AppSettingsInput } from '../app-settings.js';

/** A gallery entry: the mappings, roles and settings an app starts with (Entra's gallery app). */
export interface AppTemplate {
  id: string;
  name: string;
  description: string;
  /** The app roles an assignment may carry; the first is the default. "Default Access" is never provisioned. */
  roles: string[];
  /** Member-count cap per group PATCH and other per-app defaults this target needs. */
  settings: AppSettingsInput;
  mappings: AppMappings;
}

/** The role Entra gives an assignment when none is chosen; users holding only it are not provisioned. */
export const DEFAULT_ACCESS_ROLE = 'Default Access';

/** Entra's default `active` mapping: false when the user is disabled, unassigned, scoped out or deleted in the source. */
export const ACTIVE_FROM_SOFT_DELETE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A direct mapping; `matching` gives its precedence when it is a matching attribute. */
export function direct(target: string, attribute: string, matching?: number): AttributeMapping {
  return { target, source: { type: 'direct', attribute }, ...(matching ? { matching } : {}) };
}

/** An expression mapping. */
export function expression(target: string, text: string): AttributeMapping {
  return { target, source: { type: 'expression', expression: text } };
}

/** Entra's default SCIM user mappings (the non-gallery "scim" job), by Entra attribute name. */
export function entraDefaultUserMappings(): AttributeMapping[] {
  return [
    direct('userName', 'userPrincipalName', 1),
    expression('active', ACTIVE_FROM_SOFT_DELETE),
    direct('displayName', 'displayName'),
    direct('title', 'jobTitle'),
    direct('emails[type eq "work"].value', 'mail'),
    direct('preferredLanguage', 'preferredLanguage'),
    direct('name.givenName', 'givenName'),
    direct('name.familyName', 'surname'),
    expression('name.formatted', 'Join(" ", [givenName], [surname])'),
    direct('addresses[type eq "work"].streetAddress', 'streetAddress'),
    direct('addresses[type eq "work"].locality', 'city'),
    direct('addresses[type eq "work"].region', 'state'),
    direct('addresses[type eq "work"].postalCode', 'postalCode'),
    direct('addresses[type eq "work"].country', 'country'),
    direct('phoneNumbers[type eq "work"].value', 'telephoneNumber'),
    direct('phoneNumbers[type eq "mobile"].value', 'mobile'),
    direct('phoneNumbers[type eq "fax"].value', 'facsimileTelephoneNumber'),
    direct('externalId', 'mailNickname'),
    direct(`${ENTERPRISE}:employeeNumber`, 'employeeId'),
    direct(`${ENTERPRISE}:department`, 'department'),
    direct(`${ENTERPRISE}:manager`, 'manager'),
  ];
}

/** Entra's default SCIM group mappings: displayName (matching), externalId from the object id, members. */
export function entraDefaultGroupMappings(): AttributeMapping[] {
  return [direct('displayName', 'displayName', 1), direct('externalId', 'objectId'), direct('members', 'members')];
}
