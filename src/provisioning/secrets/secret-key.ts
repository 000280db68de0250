import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { provError } from '../errors.js';

/** The environment variable that holds the key that encrypts app secrets at rest. */
export const SECRET_KEY_ENV = 'SCIMKIT_SECRET_KEY';

/** The key file's name, created beside a SQLite database when no key is given. */
export const KEY_FILE_NAME = 'scimkit.key';

/**
 * The 32-byte key that encrypts app secrets: from SCIMKIT_SECRET_KEY (any passphrase of 16 characters
 * or more; it is hashed to 32 bytes), or, for a SQLite database, from a key file beside it, created with
 * mode 0600 on first use. PostgreSQL deployments must set the variable: there is no local file to trust.
 */
export function loadSecretKey(dbUrl: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 16) throw provError.secretKey(`${SECRET_KEY_ENV} must be at least 16 characters long (a random 32-byte base64 value is best: \`openssl rand -base64 32\`)`);
    return createHash('sha256').update(fromEnv, 'utf8').digest();
  }
  if (/^postgres(ql)?:\/\//i.test(dbUrl)) {
    throw provError.secretKey(`no secret key: set ${SECRET_KEY_ENV} (e.g. \`export ${SECRET_KEY_ENV}=$(openssl rand -base64 32)\`) to store app secrets in PostgreSQL`);
  }
  const file = dbUrl.replace(/^sqlite:(\/\/)?/i, '');
  if (file === ':memory:') return randomBytes(32);
  const keyFile = join(dirname(resolve(file)), KEY_FILE_NAME);
  if (!existsSync(keyFile)) {
    // 'wx' fails if another process created it meanwhile; then read theirs.
    try {
      writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw provError.secretKey(`cannot create the key file ${keyFile}: ${(err as Error).message}`);
    }
  }
  const mode = statSync(keyFile).mode & 0o777;
  if (mode & 0o077) chmodSync(keyFile, 0o600);
  const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw provError.secretKey(`the key file ${keyFile} does not hold a 32-byte base64 key`);
  return key;
}
