const EXCERPT_CHARS = 300;

/** True when a content type is JSON of any flavour (`application/scim+json`, `application/json`, `…+json`). */
export function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^[^;]*[/+]json\s*(;|$)/i.test(contentType.trim());
}

/**
 * The body as the caller wants it: parsed JSON when the target says JSON (or says nothing and sent an object),
 * else the text. A body that claims JSON but does not parse stays text, so the caller can report it.
 */
export function parseBody(contentType: string | undefined, text: string): unknown {
  if (text === '') return undefined;
  const json = isJsonType(contentType) || (contentType === undefined && /^\s*[{[]/.test(text));
  if (!json) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A short, single-line excerpt of a body for errors and logs, with the token masked wherever the target echoed it. */
export function bodyExcerpt(text: string, secret: string): string | undefined {
  if (text === '') return undefined;
  let out = text;
  if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > EXCERPT_CHARS ? `${out.slice(0, EXCERPT_CHARS)}…` : out;
}

/** `detail` and `scimType` from an RFC 7644 §3.12 error body, tolerating the shapes targets actually send. */
export function scimErrorOf(body: unknown): { detail?: string; scimType?: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const b = body as Record<string, unknown>;
  const pick = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const v = b[key];
      if (typeof v === 'string' && v.trim() !== '') return v.trim();
    }
    return undefined;
  };
  const out: { detail?: string; scimType?: string } = {};
  const detail = pick('detail', 'Detail', 'message', 'error_description', 'error');
  const scimType = pick('scimType', 'ScimType');
  if (detail !== undefined) out.detail = detail;
  if (scimType !== undefined) out.scimType = scimType;
  return out;
}
