import { provError } from '../errors.js';

/** Checks an app's Tenant URL: http or https, a host, no credentials or fragment; a query (Entra's `?aadOptscim062020`) is kept. */
export function checkTargetUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw provError.invalid(`the tenant URL ${JSON.stringify(raw)} is not a URL: give the target's SCIM base URL, e.g. https://api.example.com/scim/v2`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw provError.invalid(`the tenant URL must be http(s), not ${url.protocol.replace(/:$/, '')}`);
  if (!url.hostname) throw provError.invalid('the tenant URL has no host');
  if (url.username || url.password) throw provError.invalid('the tenant URL must not carry credentials: give the token as the secret token');
  if (url.hash) throw provError.invalid('the tenant URL must not have a #fragment');
  return text.replace(/\/+(\?|$)/, '$1');
}
