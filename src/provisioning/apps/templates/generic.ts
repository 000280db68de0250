import { entraDefaultGroupMappings, entraDefaultUserMappings, type AppTemplate } from './template-types.js';

/** Any SCIM 2.0 app: Entra ID's default mappings for a non-gallery SCIM app, users and groups. */
export const genericTemplate: AppTemplate = {
  id: 'generic',
  name: 'Generic SCIM 2.0 app',
  description: "Any SCIM 2.0 service provider, with Entra ID's default attribute mappings for users and groups.",
  roles: ['User'],
  settings: {},
  mappings: {
    users: { enabled: true, mappings: entraDefaultUserMappings(), scoping: [] },
    groups: { enabled: true, mappings: entraDefaultGroupMappings(), scoping: [] },
  },
};
