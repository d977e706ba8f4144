import { z } from 'zod';
import { authEnv, commonEnv, httpEnv, kafkaEnv, loadConfig } from '@inkijk/platform';

export const operationsEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(3050),
  ...authEnv,
  /** The one login's JWKS endpoint (registration, ADR 0008); AUTH_JWKS, when set, wins. */
  AUTH_JWKS_URL: z.string().url().default('http://127.0.0.1:3010/.well-known/jwks.json'),
  /** Longest wait for the next batch while reading the dead-letter topic or an origin partition to its end (then 503). */
  DEAD_LETTER_READ_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
};

export function loadOperationsConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(operationsEnv, env);
}
export type OperationsConfig = ReturnType<typeof loadOperationsConfig>;
