/**
 * The data subject in two forms (never a clear BSN on a topic or in a report):
 * - pseudonym: HMAC-SHA256 under a secret key; stable, so reports and the audit log can count
 *   and look up per citizen, but not reversible without the key (Logboek: data_subject_id);
 * - sealed BSN: AES-256-GCM under the audit key, for the audit log only (who may unseal is the
 *   audit log's business).
 * Keys come from configuration as base64 of 32 random bytes.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const keyEnv = (what: string) =>
  z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, { message: `${what} must be 32 random bytes, base64-encoded` });

export function decodeKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('a key must be 32 bytes (base64)');
  return key;
}

/**
 * The pseudonym of a BSN under a key. Nothing is kept: a caller that needs it twice for one
 * query takes it from where it was made first (the gateway: from the decision).
 */
export function pseudonymise(bsn: string, key: Buffer): string {
  return createHmac('sha256', key).update(`bsn:${bsn}`).digest('hex');
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealBsn(bsn: string, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(bsn, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function unsealBsn(sealed: Buffer, key: Buffer): string {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}
