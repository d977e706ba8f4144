import { z } from 'zod';
import { localServiceUrl, SERVICE_PORTS } from '@inkijk/contracts';
import { authEnv, commonEnv, kafkaEnv, decodeKey, httpEnv, keyEnv, loadConfig } from '@inkijk/platform';

export const authorizationEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(SERVICE_PORTS.authorization),
  ...authEnv,
  /** The one login's JWKS endpoint (registration, ADR 0008); AUTH_JWKS, when set, wins. */
  AUTH_JWKS_URL: z.string().url().default(`${localServiceUrl('registration')}/.well-known/jwks.json`),
  /** HMAC key of the data-subject pseudonym in decision records (shared with the gateway and the audit log). */
  SUBJECT_PSEUDONYM_KEY: keyEnv('SUBJECT_PSEUDONYM_KEY'),
  /** AES key sealing the BSN in Kafka evaluation requests (shared with the gateway only). */
  BSN_TRANSPORT_KEY: keyEnv('BSN_TRANSPORT_KEY'),
  /** Token subjects (comma-separated) that may ask about any worker: the gateway's service identity. */
  AUTHORIZATION_TRUSTED_CALLERS: z.string().default('service:query-proxy'),
};

export function loadAuthorizationConfig(env: Record<string, string | undefined> = process.env) {
  const c = loadConfig(authorizationEnv, env);
  return {
    ...c,
    pseudonymKey: decodeKey(c.SUBJECT_PSEUDONYM_KEY),
    transportKey: decodeKey(c.BSN_TRANSPORT_KEY),
    trustedCallers: new Set(c.AUTHORIZATION_TRUSTED_CALLERS.split(',').map((s) => s.trim()).filter(Boolean)),
  };
}
export type AuthorizationConfig = ReturnType<typeof loadAuthorizationConfig>;
