import { sql, type Kysely } from 'kysely';
import { comparisonKey } from '../../scim/input-rules.js';
import type { DialectName } from '../dialect.js';

/**
 * userName and group displayName are now compared in Unicode NFC (so `José` typed with a combining accent is
 * the same user): recompute the stored keys of rows written before. Only names outside ASCII can change. A key
 * that must be unique (userName, a group's displayName) and would collide with another row's stays as it was.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const nonAscii = sql.raw(dialect === 'postgres' ? `~ '[^\\x01-\\x7f]'` : `GLOB '*[^ -~]*'`);
  for (const [column, key] of [
    ['user_name', 'user_name_lc'],
    ['display_name', 'display_name_lc'],
  ] as const) {
    const { rows } = await sql<{ tenant_id: string; id: string; type: string; name: string; key: string }>`
      SELECT tenant_id, id, type, ${sql.ref(column)} AS name, ${sql.ref(key)} AS key FROM resources WHERE ${sql.ref(column)} ${nonAscii}`.execute(db);
    for (const r of rows) {
      const next = comparisonKey(r.name);
      if (next === r.key) continue;
      const unique = key === 'user_name_lc' || r.type === 'Group';
      if (unique) {
        const taken = await db.selectFrom('resources').select('id').where('tenant_id', '=', r.tenant_id).where('type', '=', r.type).where(key, '=', next).executeTakeFirst();
        if (taken) continue;
      }
      await db.updateTable('resources').set({ [key]: next }).where('tenant_id', '=', r.tenant_id).where('id', '=', r.id).execute();
    }
  }
}
