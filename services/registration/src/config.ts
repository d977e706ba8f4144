import { z } from 'zod';
import { authEnv, commonEnv, kafkaEnv, databaseUrl, httpEnv, loadConfig } from '@inkijk/platform';

export const registrationEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(3010),
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
  /** Consume caseload events from municipal case systems (default on). */
  CASELOAD_CONSUMER: z.enum(['on', 'off']).default('on'),
};

export const loadRegistrationConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(registrationEnv, env);
export type RegistrationConfig = ReturnType<typeof loadRegistrationConfig>;
