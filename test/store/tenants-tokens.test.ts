import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_CACHE_MS, TokenStore } from '../../src/tenants/token-store.js';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: tenants and tokens`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore(dialect)));
    afterAll(async () => dispose());

    it('creates tenants with unique names regardless of case, and finds them by id or name', async () => {
      const t = await store.tenants.create('SpaceIQ');
      await expect(store.tenants.create('spaceiq')).rejects.toThrow(/already exists/);
      expect((await store.tenants.find('spaceiq'))?.id).toBe(t.id);
      expect((await store.tenants.find(t.id))?.name).toBe('SpaceIQ');
      expect(await store.tenants.find('nope')).toBeUndefined();
      expect((await store.tenants.list()).map((x) => x.name)).toContain('SpaceIQ');
    });

    it('stores only a hash, verifies the token for its own tenant, and refuses it after revocation', async () => {
      const a = await store.tenants.create('Howspace');
      const b = await store.tenants.create('OfficeSpace');
      const { info, token } = await store.tokens.create(a.id, { name: 'entra' });
      const rows = await store.db.kysely.selectFrom('tokens').selectAll().where('id', '=', info.id).execute();
      expect(JSON.stringify(rows)).not.toContain(token.split('_').pop());
      expect(await store.tokens.verify(a.id, token)).toMatchObject({ ok: true });
      expect(await store.tokens.verify(b.id, token)).toEqual({ ok: false, reason: 'wrong-tenant', tokenId: info.id });
      expect(await store.tokens.verify(a.id, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toEqual({ ok: false, reason: 'wrong-secret', tokenId: info.id });
      expect(await store.tokens.verify(a.id, `scimkit_${'x'.repeat(12)}_${token.slice(-43)}`)).toEqual({ ok: false, reason: 'unknown' });
      expect(await store.tokens.verify(a.id, 'Bearer nonsense')).toEqual({ ok: false, reason: 'malformed' });
      // last_used_at is written in the background (a read never waits for the write lock).
      await expect.poll(async () => (await store.tokens.list(a.id))[0]!.lastUsedAt).not.toBeNull();
      await store.tokens.revoke(info.id);
      expect(await store.tokens.verify(a.id, token)).toEqual({ ok: false, reason: 'revoked', tokenId: info.id });
    });

    it('refuses an expired token', async () => {
      const t = await store.tenants.create('Expiry');
      let now = new Date('2026-01-01T00:00:00Z');
      const tokens = new TokenStore(store.db, () => now);
      const { token } = await tokens.create(t.id, { expiresInDays: 1 });
      expect((await tokens.verify(t.id, token)).ok).toBe(true);
      now = new Date('2026-01-02T00:00:01Z');
      expect(await tokens.verify(t.id, token)).toMatchObject({ ok: false, reason: 'expired' });
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: token checks remembered briefly`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => ({ store, dispose } = await openTestStore(dialect)));
    afterAll(async () => dispose());

    it('a revocation made by another process takes effect within TOKEN_CACHE_MS; one made here at once', async () => {
      const t = await store.tenants.create('cache');
      let now = new Date('2026-03-01T00:00:00Z');
      const server = new TokenStore(store.db, () => now);
      const cli = new TokenStore(store.db, () => now);
      const a = await cli.create(t.id);
      expect((await server.verify(t.id, a.token)).ok).toBe(true);
      await cli.revoke(a.info.id);
      now = new Date(now.getTime() + TOKEN_CACHE_MS + 1);
      expect(await server.verify(t.id, a.token)).toMatchObject({ ok: false, reason: 'revoked' });
      const b = await server.create(t.id);
      expect((await server.verify(t.id, b.token)).ok).toBe(true);
      await server.revoke(b.info.id);
      expect(await server.verify(t.id, b.token)).toMatchObject({ ok: false, reason: 'revoked' });
    });
  });
}
