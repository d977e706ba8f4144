/**
 * The second factor: TOTP (RFC 6238) as every authenticator app speaks it (HMAC-SHA1, 6 digits,
 * 30-second steps), computed by the `otpauth` library, never by hand. A code is accepted one
 * step before or after the current one (clock drift) and only once: a code whose step is not
 * after the last step used is a replay.
 */
import { Secret, TOTP } from 'otpauth';
import { refuse } from './errors';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = 'SHA1';
/** Steps before and after the current one that are still accepted (clock drift). */
export const TOTP_WINDOW = 1;
/** A secret has at least 160 bits (RFC 4226, section 4: R6). */
const MIN_SECRET_BYTES = 20;
const MAX_SECRET_BYTES = 64;

/** A fresh random secret (20 bytes), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: MIN_SECRET_BYTES }).base32;
}

/** A secret offered from outside (a token's seed, the demo's published secrets): base32, 160 to 512 bits. */
export function totpSecret(value: string): string {
  const v = value.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  if (!/^[A-Z2-7]+$/.test(v)) refuse('INVALID', 'INVALID_SECRET', 'A TOTP secret is base32 (letters A-Z and digits 2-7).');
  const bytes = Math.floor((v.length * 5) / 8);
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) refuse('INVALID', 'INVALID_SECRET', `A TOTP secret has ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes (32 to 102 base32 characters).`);
  return v;
}

/** A code as typed: spaces removed; exactly six digits. */
export function totpCode(value: string): string {
  const v = value.replace(/\s/g, '');
  if (!/^\d{6}$/.test(v)) refuse('INVALID', 'INVALID_CODE_FORMAT', 'The code from the authenticator app has six digits.');
  return v;
}

/** The step (30-second interval since the epoch) a moment falls in. */
export function totpStep(at: Date): number {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: at.getTime() });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'WRONG' | 'REUSED' };

/** Checks a code against a secret at a moment; `lastUsedStep` is the step of the last code accepted (replay). */
export function checkTotp(secret: string, code: string, at: Date, lastUsedStep: number | null): TotpCheck {
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: 'WRONG' };
  const step = totpStep(at) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: 'REUSED' };
  return { ok: true, step };
}

/** The code of a secret at a moment (what the authenticator app shows). */
export function totpCodeAt(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, timestamp: at.getTime() });
}

/** The otpauth:// URI an authenticator app reads (as a QR code or a link). */
export function otpauthUri(secret: string, account: string, issuer = 'Suwinet-Inkijk'): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS }).toString();
}
