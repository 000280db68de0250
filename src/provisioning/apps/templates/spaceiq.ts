import { ACTIVE_FROM_SOFT_DELETE, direct, expression, type AppTemplate } from './template-types.js';

/**
 * SpaceIQ (workplace management). Its guide publishes no attribute table, only that users holding
 * "Default Access" are not provisioned; these are the attributes SpaceIQ's user directory holds.
 */
export const spaceiqTemplate: AppTemplate = {
  id: 'spaceiq',
  name: 'SpaceIQ',
  description: 'SpaceIQ workplace management: users (matched by userName); assign a role other than Default Access.',
  roles: ['User', 'Admin'],
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
        direct('externalId', 'mailNickname'),
        direct('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'department'),
        direct('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', 'employeeId'),
        direct('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', 'manager'),
      ],
      scoping: [],
    },
    groups: { enabled: false, mappings: [direct('displayName', 'displayName', 1), direct('externalId', 'objectId'), direct('members', 'members')], scoping: [] },
  },
};
