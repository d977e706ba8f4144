/**
 * The keys of login security, derived (HKDF-SHA-256) from one key in configuration
 * (`LOGIN_SECRET_KEY`): one seals TOTP secrets at rest (AES-256-GCM, bound to the account's id
 * so a sealed secret cannot be moved to another account), one turns login names into the HMAC
 * keys of their failure counters (mistyped names are never stored in clear).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class LoginSecrets {
  private constructor(
    private readonly sealKey: Buffer,
    private readonly nameMacKey: Buffer,
  ) {}

  /** From the 32-byte key of configuration. */
  static fromKey(key: Buffer): LoginSecrets {
    if (key.length < 32) throw new Error('the login secret key needs at least 32 bytes');
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
    return new LoginSecrets(derive('inkijk registration: TOTP secret sealing v1'), derive('inkijk registration: login name key v1'));
  }

  /** Encrypts a TOTP secret of one account. */
  seal(plain: string, userId: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.sealKey, iv);
    c.setAAD(Buffer.from(userId));
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, c.getAuthTag()]).toString('base64url')}`;
  }

  /** Decrypts what `seal` made for this account; throws when it was changed or made for another. */
  open(sealed: string, userId: string): string {
    const [version, data] = sealed.split('.');
    if (version !== VERSION || !data) throw new Error('not a sealed login secret');
    const raw = Buffer.from(data, 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
    d.setAAD(Buffer.from(userId));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
  }

  /** The key of a login name's failure counter. */
  nameKey(normalisedName: string): string {
    return createHmac('sha256', this.nameMacKey).update(normalisedName, 'utf8').digest('hex');
  }
}

/**
 * The key of configuration: `LOGIN_SECRET_KEY` (32 bytes, base64), or, when it is not set,
 * derived from the token signing key (a separate HKDF label), so a developer machine needs no
 * extra setting. Production sets its own: rotating the signing key must not lose every
 * enrolled second factor.
 */
export function loginSecretKeyOf(config: { LOGIN_SECRET_KEY?: string; AUTH_SIGNING_KEY: string }): Buffer {
  if (config.LOGIN_SECRET_KEY) return Buffer.from(config.LOGIN_SECRET_KEY, 'base64');
  const d = (JSON.parse(config.AUTH_SIGNING_KEY) as { d: string }).d;
  return Buffer.from(hkdfSync('sha256', Buffer.from(d, 'base64url'), Buffer.alloc(0), 'inkijk registration: login secret key from the signing key v1', 32));
}
