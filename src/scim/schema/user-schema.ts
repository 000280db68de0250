import { attr, multiValuedSubs } from './attribute.js';
import type { SchemaDef } from './types.js';

/** URN of the RFC 7643 §4.1 core User schema. */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** RFC 7643 §4.1 core User schema (the §8.7.1 representation). */
export const userSchema: SchemaDef = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', {
      required: true,
      uniqueness: 'server',
      description: 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider.',
    }),
    attr('name', 'complex', {
      description: "The components of the user's real name.",
      subAttributes: [
        attr('formatted', 'string', { description: 'The full name, formatted for display.' }),
        attr('familyName', 'string', { description: 'The family name of the User.' }),
        attr('givenName', 'string', { description: 'The given name of the User.' }),
        attr('middleName', 'string', { description: 'The middle name(s) of the User.' }),
        attr('honorificPrefix', 'string', { description: 'The honorific prefix(es) of the User.' }),
        attr('honorificSuffix', 'string', { description: 'The honorific suffix(es) of the User.' }),
      ],
    }),
    attr('displayName', 'string', { description: 'The name of the User, suitable for display to end-users.' }),
    attr('nickName', 'string', { description: 'The casual way to address the user in real life.' }),
    attr('profileUrl', 'reference', { referenceTypes: ['external'], description: "A fully qualified URL pointing to a page representing the User's online profile." }),
    attr('title', 'string', { description: "The user's title, such as \"Vice President\"." }),
    attr('userType', 'string', { description: 'Used to identify the relationship between the organization and the user.' }),
    attr('preferredLanguage', 'string', { description: "Indicates the User's preferred written or spoken language." }),
    attr('locale', 'string', { description: "Used to indicate the User's default location." }),
    attr('timezone', 'string', { description: "The User's time zone in the 'Olson' time zone database format." }),
    attr('active', 'boolean', { description: "A Boolean value indicating the User's administrative status." }),
    attr('password', 'string', {
      mutability: 'writeOnly',
      returned: 'never',
      description: "The User's cleartext password; never returned. scimkit stores only a hash of it.",
    }),
    attr('emails', 'complex', {
      multiValued: true,
      description: 'Email addresses for the user.',
      subAttributes: multiValuedSubs('string', ['work', 'home', 'other']),
    }),
    attr('phoneNumbers', 'complex', {
      multiValued: true,
      description: 'Phone numbers for the User.',
      subAttributes: multiValuedSubs('string', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    }),
    attr('ims', 'complex', {
      multiValued: true,
      description: 'Instant messaging addresses for the User.',
      subAttributes: multiValuedSubs('string', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    }),
    attr('photos', 'complex', {
      multiValued: true,
      description: 'URLs of photos of the User.',
      // RFC 7643 §8.7.1: a photo is a URL, so its value is a reference of type external.
      subAttributes: multiValuedSubs('reference', ['photo', 'thumbnail'], [], { referenceTypes: ['external'] }),
    }),
    attr('addresses', 'complex', {
      multiValued: true,
      description: 'A physical mailing address for this User.',
      subAttributes: [
        attr('formatted', 'string', { description: 'The full mailing address, formatted for display.' }),
        attr('streetAddress', 'string', { description: 'The full street address component.' }),
        attr('locality', 'string', { description: 'The city or locality component.' }),
        attr('region', 'string', { description: 'The state or region component.' }),
        attr('postalCode', 'string', { description: 'The zip code or postal code component.' }),
        attr('country', 'string', { description: 'The country name component.' }),
        attr('type', 'string', { canonicalValues: ['work', 'home', 'other'], description: 'A label indicating the function.' }),
        attr('primary', 'boolean', { description: 'Indicates the primary address.' }),
      ],
    }),
    attr('groups', 'complex', {
      multiValued: true,
      mutability: 'readOnly',
      description: 'A list of groups to which the user belongs, computed from group memberships.',
      subAttributes: [
        attr('value', 'string', { mutability: 'readOnly', description: 'The identifier of the Group.' }),
        attr('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['User', 'Group'], description: 'The URI of the Group.' }),
        attr('display', 'string', { mutability: 'readOnly', description: 'The displayName of the Group.' }),
        attr('type', 'string', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'], description: 'direct or indirect.' }),
      ],
    }),
    attr('entitlements', 'complex', { multiValued: true, description: 'A list of entitlements for the User.', subAttributes: multiValuedSubs() }),
    attr('roles', 'complex', { multiValued: true, description: 'A list of roles for the User.', subAttributes: multiValuedSubs() }),
    attr('x509Certificates', 'complex', {
      multiValued: true,
      description: 'A list of certificates issued to the User.',
      subAttributes: multiValuedSubs('binary'),
    }),
  ],
};
