/**
 * The attribute characteristics of RFC 7643 §8.7.1 (User, Group, EnterpriseUser) and §8.7.2
 * (ServiceProviderConfig, ResourceType, Schema), transcribed from the RFC's JSON with §2.2's defaults
 * made explicit, for checking what /Schemas and the other discovery endpoints serve. Descriptions are left out.
 * Where the RFC's JSON contradicts its own prose, the prose wins and the line says so.
 */

/** One attribute's characteristics, as RFC 7643 §7 defines them. */
export interface RfcAttribute {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  referenceTypes?: string[];
  canonicalValues?: string[];
  subAttributes?: RfcAttribute[];
}

type Opts = Partial<Omit<RfcAttribute, 'name' | 'type' | 'subAttributes'>>;

// RFC 7643 §2.2: characteristics a definition leaves out take these values.
function a(name: string, type: string, opts: Opts = {}, subAttributes?: RfcAttribute[]): RfcAttribute {
  return {
    name,
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...opts,
    ...(subAttributes ? { subAttributes } : {}),
  };
}

const multi = { multiValued: true };
const primary = a('primary', 'boolean');
const display = a('display', 'string');

/** RFC 7643 §8.7.1, keyed by schema URN. */
export const RFC_RESOURCE_SCHEMAS: Record<string, RfcAttribute[]> = {
  'urn:ietf:params:scim:schemas:core:2.0:User': [
    a('userName', 'string', { required: true, uniqueness: 'server' }),
    a('name', 'complex', {}, ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => a(n, 'string'))),
    a('displayName', 'string'),
    a('nickName', 'string'),
    a('profileUrl', 'reference', { referenceTypes: ['external'] }),
    a('title', 'string'),
    a('userType', 'string'),
    a('preferredLanguage', 'string'),
    a('locale', 'string'),
    a('timezone', 'string'),
    a('active', 'boolean'),
    a('password', 'string', { mutability: 'writeOnly', returned: 'never' }),
    a('emails', 'complex', multi, [a('value', 'string'), display, a('type', 'string', { canonicalValues: ['work', 'home', 'other'] }), primary]),
    a('phoneNumbers', 'complex', multi, [a('value', 'string'), display, a('type', 'string', { canonicalValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }), primary]),
    a('ims', 'complex', multi, [a('value', 'string'), display, a('type', 'string', { canonicalValues: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'] }), primary]),
    a('photos', 'complex', multi, [a('value', 'reference', { referenceTypes: ['external'] }), display, a('type', 'string', { canonicalValues: ['photo', 'thumbnail'] }), primary]),
    a('addresses', 'complex', multi, [
      ...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'].map((n) => a(n, 'string')),
      a('type', 'string', { canonicalValues: ['work', 'home', 'other'] }),
    ]),
    a('groups', 'complex', { multiValued: true, mutability: 'readOnly' }, [
      a('value', 'string', { mutability: 'readOnly' }),
      a('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['User', 'Group'] }),
      a('display', 'string', { mutability: 'readOnly' }),
      a('type', 'string', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
    ]),
    a('entitlements', 'complex', multi, [a('value', 'string'), display, a('type', 'string'), primary]),
    // The RFC writes `"canonicalValues": []` for roles.type and x509Certificates.type: the same as none.
    a('roles', 'complex', multi, [a('value', 'string'), display, a('type', 'string'), primary]),
    a('x509Certificates', 'complex', multi, [a('value', 'binary'), display, a('type', 'string'), primary]),
  ],
  'urn:ietf:params:scim:schemas:core:2.0:Group': [
    a('displayName', 'string'),
    a('members', 'complex', multi, [
      a('value', 'string', { mutability: 'immutable' }),
      a('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
      a('type', 'string', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
    ]),
  ],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': [
    ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) => a(n, 'string')),
    a('manager', 'complex', {}, [a('value', 'string'), a('$ref', 'reference', { referenceTypes: ['User'] }), a('displayName', 'string', { mutability: 'readOnly' })]),
  ],
};

const ro = { mutability: 'readOnly' };
const roReq = { mutability: 'readOnly', required: true };
const supported = a('supported', 'boolean', roReq);
const attributeSubs = (): RfcAttribute[] => [
  a('name', 'string', { ...roReq, caseExact: true }),
  a('type', 'string', { ...roReq, canonicalValues: ['string', 'complex', 'boolean', 'decimal', 'integer', 'dateTime', 'reference'] }),
  a('multiValued', 'boolean', roReq),
  a('description', 'string', { ...ro, caseExact: true }),
  a('required', 'boolean', ro),
  a('canonicalValues', 'string', { ...ro, multiValued: true, caseExact: true }),
  a('caseExact', 'boolean', ro),
  a('mutability', 'string', { ...ro, caseExact: true, canonicalValues: ['readOnly', 'readWrite', 'immutable', 'writeOnly'] }),
  a('returned', 'string', { ...ro, caseExact: true, canonicalValues: ['always', 'never', 'default', 'request'] }),
  a('uniqueness', 'string', { ...ro, caseExact: true, canonicalValues: ['none', 'server', 'global'] }),
  // §7 calls referenceTypes "a multi-valued array"; the §8.7.2 JSON says multiValued false for the sub-attribute's copy.
  a('referenceTypes', 'string', { ...ro, multiValued: true, caseExact: true }),
];

/** RFC 7643 §8.7.2, keyed by schema URN: the schemas of the discovery resources themselves. */
export const RFC_SERVICE_PROVIDER_SCHEMAS: Record<string, RfcAttribute[]> = {
  'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig': [
    a('documentationUri', 'reference', { ...ro, referenceTypes: ['external'] }),
    a('patch', 'complex', roReq, [supported]),
    a('bulk', 'complex', roReq, [supported, a('maxOperations', 'integer', roReq), a('maxPayloadSize', 'integer', roReq)]),
    a('filter', 'complex', roReq, [supported, a('maxResults', 'integer', roReq)]),
    a('changePassword', 'complex', roReq, [supported]),
    a('sort', 'complex', roReq, [supported]),
    // §5 requires etag; the §8.7.2 JSON forgot it.
    a('etag', 'complex', roReq, [supported]),
    a('authenticationSchemes', 'complex', { ...roReq, multiValued: true }, [
      a('name', 'string', roReq),
      a('description', 'string', roReq),
      a('specUri', 'reference', { ...ro, referenceTypes: ['external'] }),
      a('documentationUri', 'reference', { ...ro, referenceTypes: ['external'] }),
    ]),
  ],
  'urn:ietf:params:scim:schemas:core:2.0:ResourceType': [
    a('id', 'string', ro),
    a('name', 'string', roReq),
    a('description', 'string', ro),
    a('endpoint', 'reference', { ...roReq, referenceTypes: ['uri'] }),
    a('schema', 'reference', { ...roReq, caseExact: true, referenceTypes: ['uri'] }),
    // §6 calls schemaExtensions "a list" (and §8.6 shows an array); the §8.7.2 JSON says multiValued false.
    a('schemaExtensions', 'complex', { ...roReq, multiValued: true }, [
      a('schema', 'reference', { ...roReq, caseExact: true, referenceTypes: ['uri'] }),
      a('required', 'boolean', roReq),
    ]),
  ],
  'urn:ietf:params:scim:schemas:core:2.0:Schema': [
    a('id', 'string', roReq),
    a('name', 'string', roReq),
    a('description', 'string', ro),
    a('attributes', 'complex', { ...roReq, multiValued: true }, [
      ...attributeSubs(),
      a('subAttributes', 'complex', { ...ro, multiValued: true }, attributeSubs()),
    ]),
  ],
};
