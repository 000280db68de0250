import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { provError } from '../errors.js';

const VERSION = 'v1';

/** Encrypts and decrypts app secrets with AES-256-GCM, so a copy of the database alone does not reveal any target's token. */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw provError.secretKey('the secret key must be 32 bytes');
  }

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url); a fresh IV each time. `context` (the app id) is bound in, so a ciphertext cannot be moved to another app. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /** The plain secret; a clear error when the key is not the one it was sealed with. */
  open(sealed: string, context: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw provError.secretKey('a stored secret is not in a format this version of scimkit reads');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw provError.secretKey('a stored app secret cannot be decrypted: the secret key (SCIMKIT_SECRET_KEY or the key file beside the database) is not the one it was stored with');
    }
  }
}
