import { ACTIVE_FROM_SOFT_DELETE, direct, expression, type AppTemplate } from './template-types.js';

/** Howspace: the user and group attribute tables of Howspace's provisioning guide for Entra ID. */
export const howspaceTemplate: AppTemplate = {
  id: 'howspace',
  name: 'Howspace',
  description: 'Howspace workspaces: users (userName required, the matching attribute) and groups with members.',
  roles: ['User'],
  settings: {},
  mappings: {
    users: {
      enabled: true,
      mappings: [
        direct('userName', 'userPrincipalName', 1),
        expression('active', ACTIVE_FROM_SOFT_DELETE),
        direct('name.givenName', 'givenName'),
        direct('name.familyName', 'surname'),
        direct('phoneNumbers[type eq "mobile"].value', 'mobile'),
        direct('externalId', 'mailNickname'),
      ],
      scoping: [],
    },
    groups: {
      enabled: true,
      mappings: [direct('displayName', 'displayName', 1), direct('externalId', 'objectId'), direct('members', 'members')],
      scoping: [],
    },
  },
};
