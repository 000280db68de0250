import { describe, expect, it } from 'vitest';
import { encodeQuery, parseTenantUrl, requestTarget, resourcePath } from './tenant-url.js';

describe('Tenant URL', () => {
  it('keeps the base path and the raw query of the Tenant URL on every request', () => {
    const t = parseTenantUrl('https://api.contoso.com/scim/?aadOptscim062020');
    expect(t).toMatchObject({ origin: 'https://api.contoso.com', basePath: '/scim', query: 'aadOptscim062020' });
    expect(requestTarget(t, '/Users', { filter: 'userName eq "a b"' })).toBe('/scim/Users?aadOptscim062020&filter=userName%20eq%20%22a%20b%22');
    expect(requestTarget(t, '/Users/1')).toBe('/scim/Users/1?aadOptscim062020');
  });

  it('works at the root and without a query', () => {
    const t = parseTenantUrl('http://127.0.0.1:8080');
    expect(t.basePath).toBe('');
    expect(requestTarget(t, '/Users')).toBe('/Users');
    expect(requestTarget(t, '', { a: 1 })).toBe('/?a=1');
  });

  it('refuses URLs no SCIM target can have, with the reason', () => {
    expect(() => parseTenantUrl('ftp://example.com/scim')).toThrow(/http or https, not ftp/);
    expect(() => parseTenantUrl('not a url')).toThrow(/is not a URL/);
    expect(() => parseTenantUrl('https://user:pw@example.com/scim')).toThrow(/user name or password/);
  });

  it('encodes values (RFC 3986), skips undefined, joins arrays', () => {
    expect(encodeQuery({ filter: 'a&b=c+d/é', count: 10, skip: undefined, attributes: ['id', 'userName'] })).toBe(
      'filter=a%26b%3Dc%2Bd%2F%C3%A9&count=10&attributes=id%2CuserName',
    );
  });

  it('percent-encodes ids so they stay one path segment', () => {
    expect(resourcePath('Users', 'a/b?c#d')).toBe('/Users/a%2Fb%3Fc%23d');
    expect(resourcePath('Groups')).toBe('/Groups');
  });
});
