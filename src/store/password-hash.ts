import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;
const PREFIX = '$scrypt$';

/** Hashes a SCIM `password` before it is stored: the cleartext never reaches the database. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32);
  return `${PREFIX}${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when a stored value is already one of our hashes (so a re-saved document is not hashed twice). */
export function isPasswordHash(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** Checks a password against a stored hash in constant time: how the stored form is proven usable. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [, , salt, key] = stored.split('$');
  if (!salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}
