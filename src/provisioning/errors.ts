/** The kinds of provisioning errors: each maps to one HTTP status in the admin API and one exit code in the CLI. */
export type ProvisioningErrorCode =
  | 'invalidInput'
  | 'notFound'
  | 'conflict'
  | 'secretKey'
  | 'leaseHeld'
  | 'targetUnreachable'
  | 'targetRejected';

const STATUS: Record<ProvisioningErrorCode, number> = {
  invalidInput: 400,
  notFound: 404,
  conflict: 409,
  secretKey: 500,
  leaseHeld: 409,
  targetUnreachable: 502,
  targetRejected: 502,
};

/** The one error type of the provisioning domain: a stable code, an HTTP status and a message a person can act on. */
export class ProvisioningError extends Error {
  readonly status: number;
  constructor(readonly code: ProvisioningErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'ProvisioningError';
    this.status = STATUS[code];
  }
}

/** The one factory for provisioning errors, so codes, statuses and wording stay consistent. */
export const provError = {
  /** Bad input from an admin: an unknown template, attribute, function or operator, a malformed URL or expression. */
  invalid: (message: string, details?: Record<string, unknown>) => new ProvisioningError('invalidInput', message, details),
  /** No such app, tenant, user or group. */
  notFound: (message: string) => new ProvisioningError('notFound', message),
  /** A name that is taken, or an action the app's state does not allow. */
  conflict: (message: string) => new ProvisioningError('conflict', message),
  /** The secret key is missing or is not the one the secrets were stored with. */
  secretKey: (message: string) => new ProvisioningError('secretKey', message),
  /** Another process is running this app's cycle. */
  leaseHeld: (message: string) => new ProvisioningError('leaseHeld', message),
  /** The target could not be reached (DNS, refused, TLS, timeout). */
  targetUnreachable: (message: string, details?: Record<string, unknown>) => new ProvisioningError('targetUnreachable', message, details),
  /** The target answered, but not as a SCIM server that accepts our credentials. */
  targetRejected: (message: string, details?: Record<string, unknown>) => new ProvisioningError('targetRejected', message, details),
};

/** True when a value is a ProvisioningError. */
export function isProvisioningError(err: unknown): err is ProvisioningError {
  return err instanceof ProvisioningError;
}
