import { z } from 'zod';
import { localServiceUrl, SERVICE_PORTS } from '@inkijk/contracts';
import { authorizationClientEnv } from '@inkijk/authorization-rules/kafka';
import { authEnv, commonEnv, kafkaEnv, httpEnv, keyEnv, loadConfig } from '@inkijk/platform';

export const queryProxyEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(SERVICE_PORTS['query-proxy']),
  ...authEnv,
  /** AUTHORIZATION_MODE (default in-process), AUTHORIZATION_TIMEOUT_MS, BSN_TRANSPORT_KEY. */
  ...authorizationClientEnv,
  /** HMAC key of the data-subject pseudonym (shared with authorization and the audit log). */
  SUBJECT_PSEUDONYM_KEY: keyEnv('SUBJECT_PSEUDONYM_KEY'),
  /** AES key sealing the BSN for the audit log. */
  AUDIT_SEAL_KEY: keyEnv('AUDIT_SEAL_KEY'),
  /** Base URL of the data sources (the simulators locally). */
  SUPPLIERS_URL: z.string().url().default(localServiceUrl('supplier-simulators')),
  SUPPLIER_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2000),
  /** Where the one login lives (registration); POST /auth/login is passed through. */
  REGISTRATION_URL: z.string().url().default(localServiceUrl('registration')),
  PROCESSING_ACTIVITY_ID: z.string().min(1).default('inkijk-bevraging-sociaal-domein'),
  /** Benchmarks only: 'off' skips the attributed-query event. Refused in production. */
  ATTRIBUTION_LOG: z.enum(['on', 'off']).default('on'),
  /** How long a worker waits at most for the log acknowledgement before a 503. */
  LOG_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** How long a log record waits for others to share its produce request (ms; 0: none). */
  LOG_LINGER_MS: z.coerce.number().int().min(0).max(20).default(1),
};

export const loadQueryProxyConfig = (env: Record<string, string | undefined> = process.env) => {
  const c = loadConfig(queryProxyEnv, env);
  if (c.ATTRIBUTION_LOG === 'off' && c.NODE_ENV === 'production') throw new Error('ATTRIBUTION_LOG=off is for benchmarks only and is refused in production');
  return c;
};
export type QueryProxyConfig = ReturnType<typeof loadQueryProxyConfig>;
