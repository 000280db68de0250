import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 5: a writeOnly / returned:never attribute (password) cannot be filtered or sorted on,
// or a client could read a stored password hash one character at a time through `sw` filters.

for (const dialect of DIALECTS) {
  describe(`${dialect}: never-returned attributes are not queryable`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      const r = await s.scim('POST', '/Users', { schemas: [USER], userName: 'probe@example.com', password: 'Secret-123' });
      expect(r.status).toBe(201);
    });
    afterAll(async () => s.close());

    const list = (query: string) => s.scim('GET', `/Users?${query}`);
    const filter = (f: string) => list(`filter=${encodeURIComponent(f)}`);
    function refused(r: { status: number; body: any }): void {
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.scimType).toBe('invalidFilter');
      expect(r.body.detail).toMatch(/password/);
    }

    it('filters on password are 400 invalidFilter, whatever the operator or the spelling', async () => {
      for (const f of [
        'password pr',
        'password sw "$scrypt$"',
        'password co "a"',
        'password eq "Secret-123"',
        'PASSWORD gt ""',
        'urn:ietf:params:scim:schemas:core:2.0:User:password sw "$"',
        'not (password pr)',
        'userName eq "probe@example.com" and password sw "$s"',
      ]) {
        refused(await filter(f));
      }
    });

    it('POST .search (per type and at the root) refuses them too', async () => {
      refused(await s.scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'password sw "$"' }));
      refused(await s.scim('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'password pr' }));
    });

    it('sortBy password is 400 invalidFilter', async () => {
      refused(await list('sortBy=password'));
      refused(await list('sortBy=password&sortOrder=descending'));
    });

    it('readable attributes still filter and sort as before', async () => {
      const r = await filter('userName sw "probe"');
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(1);
      expect(r.body.Resources[0].password).toBeUndefined();
      expect((await list('sortBy=userName')).status).toBe(200);
    });
  });
}
