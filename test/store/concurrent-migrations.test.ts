import { afterEach, describe, expect, it } from 'vitest';
import { migrateAdmin } from '../../src/admin/admin-migrations.js';
import { migrateProvisioning } from '../../src/provisioning/db/migrate.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';

// Two processes opening one new database at once (two `serve --workers` workers, a server and the CLI)
// each migrate the admin and provisioning domains: one must run the migrations and the other find them run.
for (const dialect of DIALECTS) {
  describe(`${dialect}: domain migrations run at once by two handles`, () => {
    const open: Db[] = [];
    let drop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      for (const db of open.splice(0)) await db.close();
      await drop?.();
    });

    it('both succeed, and each migration is recorded once', async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      // Each handle has its own connection, as another process would; the SCIM store's own migration runs first.
      for (let i = 0; i < 3; i++) open.push(await openDatabase(fresh.url));
      const outcomes = await Promise.allSettled(open.flatMap((db) => [migrateAdmin(db), migrateProvisioning(db)]));
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
      for (const table of ['scimkit_admin_migrations', 'scimkit_provisioning_migrations']) {
        const rows = (await open[0]!.kysely.selectFrom(table as 'tenants').select('name' as 'id').execute()) as unknown as { name: string }[];
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
      }
    });
  });
}
