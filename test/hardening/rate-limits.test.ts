import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServerConfig } from '../../src/config/server-config.js';
import type { AuditEntry } from '../../src/store/audit-store.js';
import { DIALECTS } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 6: the rate limit counts per authenticated token, whatever the spelling of the
// Authorization header, and requests without a valid token count per client address, so a flood of bad
// tokens meets 429 instead of an endless stream of 401s. 429s are audited once per client and window.

const PER_SECOND = 1; // 10 requests per 10 s window

for (const dialect of DIALECTS) {
  describe(`${dialect}: rate limits`, () => {
    let s: TestServer;
    let tokenId: string;
    beforeAll(async () => {
      s = await startTestServer(dialect, { rateLimitPerSecond: PER_SECOND });
      tokenId = (await s.store.tokens.list(s.tenantId))[0]!.id;
    });
    afterAll(async () => s.close());

    const withAuth = (authorization: string) => s.scim('GET', '/Users', undefined, { authorization });
    const audit = async (): Promise<AuditEntry[]> => s.store.audit.list(s.tenantId, 1000);

    it('is on by default: 100 requests per second per token over a 10 s window', () => {
      expect(defaultServerConfig.rateLimitPerSecond).toBe(100);
    });

    it('one budget per token, however the Authorization header is spelled', async () => {
      const spellings = [`Bearer ${s.token}`, `bearer ${s.token}`, `BEARER ${s.token}`, `Bearer  ${s.token}`, `Bearer\t${s.token}`];
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await withAuth(spellings[i % spellings.length]!)).status);
      expect(statuses).toEqual(Array(10).fill(200));
      for (const spelling of spellings) {
        const r = await withAuth(spelling);
        expect(r.status).toBe(429);
        expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      // Recorded once for this window, with the token and the client address.
      const refused = (await audit()).filter((e) => e.status === 429 && e.tokenId === tokenId);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ clientIp: '127.0.0.1', method: 'GET' });
    });

    it('a flood of bad tokens from one address meets 429, while another valid token still gets through', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 14; i++) statuses.push((await withAuth(`Bearer scimkit_guess${String(i).padStart(7, '0')}_${'A'.repeat(43)}`)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual(Array(4).fill(429));
      const { token } = await s.store.tokens.create(s.tenantId, { name: 'fresh' });
      expect((await withAuth(`Bearer ${token}`)).status).toBe(200);
      const entries = await audit();
      expect(entries.filter((e) => e.status === 401 && e.clientIp === '127.0.0.1').length).toBeGreaterThanOrEqual(10);
      expect(entries.filter((e) => e.status === 429 && e.tokenId === null)).toHaveLength(1);
    });
  });
}
