import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isProvisioningError } from '../errors.js';
import { SecretBox } from './secret-box.js';
import { KEY_FILE_NAME, loadSecretKey } from './secret-key.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'scimkit-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('secret box', () => {
  it('round-trips, uses a fresh IV each time, and binds the ciphertext to its app', () => {
    const box = new SecretBox(randomBytes(32));
    const a = box.seal('s3cret-token', 'app-1');
    const b = box.seal('s3cret-token', 'app-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(box.open(a, 'app-1')).toBe('s3cret-token');
    const moved = errorOf(() => box.open(a, 'app-2'));
    expect(isProvisioningError(moved) && moved.code).toBe('secretKey');
  });

  it('says plainly when the key is not the one the secret was sealed with', () => {
    const sealed = new SecretBox(randomBytes(32)).seal('x', 'app');
    expect(errorOf(() => new SecretBox(randomBytes(32)).open(sealed, 'app')).message).toMatch(/not the one it was stored with/);
    expect(errorOf(() => new SecretBox(randomBytes(32)).open('garbage', 'app')).message).toMatch(/not in a format/);
  });
});

describe('secret key', () => {
  it('creates a 0600 key file beside a SQLite database and reads the same key back', () => {
    const dir = tmp();
    const db = join(dir, 'scimkit.db');
    const k1 = loadSecretKey(db, {});
    const file = join(dir, KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(k1);
    expect(loadSecretKey(`sqlite:${db}`, {})).toEqual(k1);
  });

  it('takes SCIMKIT_SECRET_KEY over the file, refuses a short one, and requires it for PostgreSQL', () => {
    const dir = tmp();
    const fromEnv = loadSecretKey(join(dir, 'x.db'), { SCIMKIT_SECRET_KEY: 'sixteen-chars-or-more' });
    expect(fromEnv).toHaveLength(32);
    expect(() => statSync(join(dir, KEY_FILE_NAME))).toThrow();
    expect(errorOf(() => loadSecretKey(join(dir, 'x.db'), { SCIMKIT_SECRET_KEY: 'short' })).message).toMatch(/at least 16 characters/);
    expect(errorOf(() => loadSecretKey('postgres://u@h/db', {})).message).toMatch(/no secret key: set SCIMKIT_SECRET_KEY/);
  });

  it('refuses a key file that does not hold a key, and tightens a file others could read', () => {
    const dir = tmp();
    writeFileSync(join(dir, KEY_FILE_NAME), 'not a key\n', { mode: 0o644 });
    expect(errorOf(() => loadSecretKey(join(dir, 'x.db'), {})).message).toMatch(/does not hold a 32-byte base64 key/);
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
  });
});
