import { z } from 'zod';
import { SERVICE_PORTS } from '@inkijk/contracts';
import { authEnv, commonEnv, kafkaEnv, databaseUrl, httpEnv, keyEnv, loadConfig } from '@inkijk/platform';
import { DEFAULT_LOGIN_POLICY, LoginPolicy } from './domain/login-security';
import { Role, ROLES } from './domain/users';

const count = (d: number) => z.coerce.number().int().min(1).max(100_000).default(d);
const base64Key32 = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes, base64');

/** Login security (ADR 0015): lockout, throttling, second factor. */
const loginEnv = {
  /** Seals TOTP secrets and keys failure counters (32 bytes, base64). Unset: derived from AUTH_SIGNING_KEY. */
  LOGIN_SECRET_KEY: base64Key32.optional(),
  /** Addresses or CIDR ranges of the proxies whose X-Forwarded-For is believed (the gateway, the portal). */
  LOGIN_TRUSTED_PROXIES: z.string().default('127.0.0.1,::1'),
  /** N: failures in a row that lock an account. */
  LOGIN_LOCK_AFTER: count(DEFAULT_LOGIN_POLICY.lockAfter),
  /** Failed attempts one source address may make per window. */
  LOGIN_SOURCE_MAX_FAILURES: count(DEFAULT_LOGIN_POLICY.sourceMaxFailures),
  LOGIN_SOURCE_WINDOW_SECONDS: count(DEFAULT_LOGIN_POLICY.sourceWindowMs / 1000),
  /** First wait of the per-account backoff, in ms (doubling per further failure, at most 60 s). */
  LOGIN_BACKOFF_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_LOGIN_POLICY.backoffBaseMs),
  /** Roles that must log in with a second factor (comma-separated); at least these three. */
  LOGIN_SECOND_FACTOR_ROLES: z
    .string()
    .default(DEFAULT_LOGIN_POLICY.secondFactorRoles.join(','))
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .refine((rs) => rs.every((r) => (ROLES as readonly string[]).includes(r)), `roles are ${ROLES.join(', ')}`)
    .refine((rs) => DEFAULT_LOGIN_POLICY.secondFactorRoles.every((r) => rs.includes(r)), `must include at least ${DEFAULT_LOGIN_POLICY.secondFactorRoles.join(', ')}`),
};

export function loginPolicyOf(c: { LOGIN_LOCK_AFTER: number; LOGIN_SOURCE_MAX_FAILURES: number; LOGIN_SOURCE_WINDOW_SECONDS: number; LOGIN_BACKOFF_BASE_MS: number; LOGIN_SECOND_FACTOR_ROLES: string[] }): LoginPolicy {
  return {
    ...DEFAULT_LOGIN_POLICY,
    lockAfter: c.LOGIN_LOCK_AFTER,
    holderLiftAttempts: c.LOGIN_LOCK_AFTER,
    sourceMaxFailures: c.LOGIN_SOURCE_MAX_FAILURES,
    sourceWindowMs: c.LOGIN_SOURCE_WINDOW_SECONDS * 1000,
    backoffBaseMs: c.LOGIN_BACKOFF_BASE_MS,
    secondFactorRoles: c.LOGIN_SECOND_FACTOR_ROLES as Role[],
  };
}

export const registrationEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(SERVICE_PORTS.registration),
  ...authEnv,
  DATABASE_URL: databaseUrl('inkijk_registration'),
  /** Private Ed25519 JWK (JSON) that signs the one-login tokens; its public half is served as JWKS. */
  AUTH_SIGNING_KEY: z.string().refine((v) => {
    try {
      const k = JSON.parse(v) as { kty?: string; crv?: string; d?: string };
      return k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.d === 'string';
    } catch {
      return false;
    }
  }, 'must be a private Ed25519 JWK in JSON (kty OKP, crv Ed25519, with d)'),
  /** HMAC key of the data-subject pseudonym in recorded whitelist look-ups (the gateway's, authorization's and the audit log's key). */
  SUBJECT_PSEUDONYM_KEY: keyEnv('SUBJECT_PSEUDONYM_KEY'),
  /** Consume caseload events from municipal case systems (default on). */
  CASELOAD_CONSUMER: z.enum(['on', 'off']).default('on'),
  ...loginEnv,
};

export const loadRegistrationConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(registrationEnv, env);
export type RegistrationConfig = ReturnType<typeof loadRegistrationConfig>;

/**
 * Request bodies: 64 kB JSON everywhere, except a whitelist import (JSON or CSV, up to 8 MB, about
 * 600,000 BSNs), which is read only from a request with a bearer token.
 */
export const REGISTRATION_BODIES = {
  bodyLimit: '64kb',
  textBodies: { types: ['text/csv', 'text/plain'], limit: '8mb' },
  largeBodies: { paths: /^\/municipalities\/[^/]+\/whitelist\/import$/, limit: '8mb' },
};
