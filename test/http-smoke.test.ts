import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { USER } from './support/scim-bodies.js';
import { startTestServer, type TestServer } from './support/test-server.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: HTTP basics`, () => {
    let s: TestServer;
    beforeAll(async () => (s = await startTestServer(dialect)));
    afterAll(async () => s.close());

    it('answers a created user with 201, Location, ETag and the SCIM media type', async () => {
      const r = await s.scim('POST', '/Users', { schemas: [USER], userName: 'smoke' });
      expect(r.status).toBe(201);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.headers.get('location')).toBe(`${s.scimUrl}/Users/${r.body.id}`);
      expect(r.headers.get('etag')).toBe('W/"1"');
      expect(r.body.meta.location).toBe(r.headers.get('location'));
    });
  });
}
