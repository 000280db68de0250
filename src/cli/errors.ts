/** An error the user can cause and fix: printed as one `scimkit: <message>` line, never with a stack trace. */
export class CliError extends Error {
  /** 2 for usage mistakes (bad flags or arguments), 1 for runtime failures (unknown tenant, unreachable database…). */
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage mistake: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}

/** One line describing any thrown value, even the AggregateError (empty message) that a refused dual-stack connect gives. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    const inner = [...new Set(err.errors.map((e) => describeError(e)))];
    return inner.join('; ');
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const text = err.message || (typeof code === 'string' ? code : err.name);
    return text.replace(/\s*\n\s*/g, ' ').trim();
  }
  return String(err).replace(/\s*\n\s*/g, ' ');
}
