import { ACTIVE_FROM_SOFT_DELETE, direct, expression, type AppTemplate } from './template-types.js';

/**
 * OfficeSpace Software (space management). Its guide publishes no attribute table; these are the
 * attributes OfficeSpace's directory holds (names, contact, title, department), users and groups.
 */
export const officespaceTemplate: AppTemplate = {
  id: 'officespace',
  name: 'OfficeSpace Software',
  description: 'OfficeSpace Software space management: users (matched by userName) and groups.',
  roles: ['User'],
  settings: {},
  mappings: {
    users: {
      enabled: true,
      mappings: [
        direct('userName', 'userPrincipalName', 1),
        expression('active', ACTIVE_FROM_SOFT_DELETE),
        direct('displayName', 'displayName'),
        direct('emails[type eq "work"].value', 'mail'),
        direct('name.givenName', 'givenName'),
        direct('name.familyName', 'surname'),
        direct('title', 'jobTitle'),
        direct('phoneNumbers[type eq "work"].value', 'telephoneNumber'),
        direct('externalId', 'mailNickname'),
        direct('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'department'),
      ],
      scoping: [],
    },
    groups: { enabled: true, mappings: [direct('displayName', 'displayName', 1), direct('externalId', 'objectId'), direct('members', 'members')], scoping: [] },
  },
};
