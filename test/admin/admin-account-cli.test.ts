import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AdminAccountStore } from '../../src/admin/admin-account-store.js';
import { memberMatcher } from '../../src/server/member-matcher.js';
import { openStore } from '../../src/data/store.js';
import { runCli } from '../support/cli-process.js';

// `scimkit admin create|list`, run as users run it: the password comes on standard input and signs in afterwards.
describe('scimkit admin create / list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scimkit-admin-cli-'));
  const db = join(dir, 'scimkit.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an account from a piped password, refuses weak passwords and taken names, and lists accounts', async () => {
    const weak = await runCli(['admin', 'create', 'root', '--db', db], {}, 'short\n');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toMatch(/scimkit: a password needs at least 12 characters/);
    const made = await runCli(['admin', 'create', 'root', '--db', db, '--json'], {}, 'a long enough password\n');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ username: 'root' });
    const again = await runCli(['admin', 'create', 'ROOT', '--db', db], {}, 'a long enough password\n');
    expect(again.stderr).toMatch(/an admin named "ROOT" exists already/);
    const list = await runCli(['admin', 'list', '--db', db]);
    expect(list.stdout).toMatch(/USERNAME[\s\S]*root/);
    const store = await openStore(db, { matchMember: memberMatcher });
    try {
      const accounts = await AdminAccountStore.open(store.db);
      expect((await accounts.signIn('root', 'a long enough password')).ok).toBe(true);
      expect((await accounts.signIn('root', 'a long enough password\n')).ok).toBe(false);
    } finally {
      await store.close();
    }
  });
});
