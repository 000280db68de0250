/** The closed set of RFC 7644 §3.12 scimType values (plus none), so every error says its kind. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  // RFC 9865 cursor pagination
  | 'invalidCursor'
  | 'expiredCursor'
  | 'invalidCount';

/** The one error type the SCIM layer throws; the server turns it into an RFC 7644 error body. */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly detail: string;
  /** Extra response headers (Retry-After, WWW-Authenticate) a few errors need. */
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, scimType?: ScimType, headers: Record<string, string> = {}, cause?: unknown) {
    super(detail, cause === undefined ? undefined : { cause });
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
    this.headers = headers;
  }

  /** The RFC 7644 §3.12 error body for this error. */
  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(this.status),
      detail: this.detail,
    };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }
}

/** The one error factory: every SCIM error in scimkit is made here, so statuses and types stay consistent. */
export const scimError = {
  /** 400 with a scimType: the request is wrong in a way the client can fix. */
  badRequest: (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType),
  /** 400 invalidFilter: the filter does not parse or compares in a way the attribute does not allow. */
  invalidFilter: (detail: string) => new ScimError(400, detail, 'invalidFilter'),
  /** 400 invalidSyntax: the body is not JSON or not the shape the operation needs. */
  invalidSyntax: (detail: string) => new ScimError(400, detail, 'invalidSyntax'),
  /** 400 invalidValue: a value has the wrong type, a required attribute is missing, or similar. */
  invalidValue: (detail: string) => new ScimError(400, detail, 'invalidValue'),
  /** 400 invalidPath: a PATCH path does not parse or names nothing in the schema. */
  invalidPath: (detail: string) => new ScimError(400, detail, 'invalidPath'),
  /** 400 noTarget: a PATCH path with a filter matched nothing where something was required. */
  noTarget: (detail: string) => new ScimError(400, detail, 'noTarget'),
  /** 400 mutability: the request tries to change a readOnly or immutable attribute. */
  mutability: (detail: string) => new ScimError(400, detail, 'mutability'),
  /** 400 tooMany: a query would return more results than the server will handle. */
  tooMany: (detail: string) => new ScimError(400, detail, 'tooMany'),
  /** 400 invalidCursor (RFC 9865): the cursor was not one this server issued for this query. */
  invalidCursor: (detail: string) => new ScimError(400, detail, 'invalidCursor'),
  /** 401: no token, a bad token, or a token of another tenant. */
  unauthorized: (detail = 'Authorization failure. The bearer token is missing, invalid, expired or revoked.') =>
    new ScimError(401, detail, undefined, { 'WWW-Authenticate': 'Bearer realm="scimkit"' }),
  /** 403: authenticated but not allowed. */
  forbidden: (detail: string) => new ScimError(403, detail),
  /** 404: the resource or endpoint does not exist in this tenant. */
  notFound: (detail: string) => new ScimError(404, detail),
  /** 405: the endpoint exists but not with this method. */
  methodNotAllowed: (detail: string) => new ScimError(405, detail),
  /** 409 uniqueness: a unique attribute (userName) is already taken in the tenant. */
  uniqueness: (detail: string) => new ScimError(409, detail, 'uniqueness'),
  /** 412: If-Match did not match the resource's current version. */
  preconditionFailed: (detail: string) => new ScimError(412, detail),
  /** 413: the body is larger than maxPayloadSize or a bulk has too many operations. */
  tooLarge: (detail: string) => new ScimError(413, detail),
  /** 415: a body that is neither application/scim+json nor application/json. */
  unsupportedMediaType: (detail: string) => new ScimError(415, detail),
  /** 429 with Retry-After: the token sent more requests than its rate allows. */
  tooManyRequests: (retryAfterSeconds: number) =>
    new ScimError(429, `Too many requests; retry after ${retryAfterSeconds} s.`, undefined, {
      'Retry-After': String(retryAfterSeconds),
    }),
  /** 500 for our own faults only; the cause is kept for the log, never sent to the client. */
  internal: (cause: unknown) => new ScimError(500, 'Internal server error.', undefined, {}, cause),
  /** 503 with Retry-After: the database cannot serve the request now (unreachable, or locked by another process); nothing was changed. */
  unavailable: (detail: string, retryAfterSeconds: number) =>
    new ScimError(503, detail, undefined, { 'Retry-After': String(retryAfterSeconds) }),
  /** 501: a feature the server does not implement. */
  notImplemented: (detail: string) => new ScimError(501, detail),
};

/** True when a value is a ScimError, also across module copies. */
export function isScimError(err: unknown): err is ScimError {
  return err instanceof ScimError || (typeof err === 'object' && err !== null && (err as { name?: string }).name === 'ScimError');
}
