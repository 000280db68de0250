/** A transport failure in the client's terms: whether the request can have reached the target, and what to say. */
export interface NetworkFailure {
  /** True when the failure came before any byte of the request left (connect, DNS, TLS): even a POST may be re-sent. */
  beforeSend: boolean;
  /** False for failures another try cannot fix (a certificate the target will keep presenting, a closed client). */
  retryable: boolean;
  code: string | undefined;
  /** Plain words for logs and Test Connection. */
  reason: string;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_CODE = /CERT|SSL|TLS|^EPROTO$|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/** Classifies what undici or the socket threw, so retries and the POST rule decide on facts, not on messages. */
export function classifyNetworkError(err: unknown, where: string): NetworkFailure {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const syscall = (err as { syscall?: string } | undefined)?.syscall;
  if (code !== undefined && TLS_CODE.test(code)) {
    return { beforeSend: true, retryable: false, code, reason: `TLS with ${where} failed (${code}): ${message}` };
  }
  if ((code !== undefined && CONNECT_CODES.has(code)) || syscall === 'connect' || syscall === 'getaddrinfo') {
    const reason =
      code === 'ECONNREFUSED'
        ? `connection to ${where} refused: nothing listens there`
        : code === 'ENOTFOUND'
          ? `the host name of ${where} does not resolve (DNS)`
          : code === 'EAI_AGAIN'
            ? `DNS lookup for ${where} failed (temporary)`
            : code === 'UND_ERR_CONNECT_TIMEOUT'
              ? `could not connect to ${where} in time`
              : `could not connect to ${where} (${code ?? syscall}): ${message}`;
    return { beforeSend: true, retryable: true, code, reason };
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return { beforeSend: false, retryable: false, code, reason: `the answer from ${where} is larger than the client accepts` };
  }
  if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') {
    return { beforeSend: false, retryable: false, code, reason: 'the client was closed' };
  }
  return { beforeSend: false, retryable: true, code, reason: `the connection to ${where} broke before a complete answer (${code ?? 'error'}): ${message}` };
}
