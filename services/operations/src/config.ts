import { z } from 'zod';
import { localServiceUrl, SERVICE_PORTS, type ServiceName } from '@inkijk/contracts';
import { authEnv, commonEnv, httpEnv, kafkaEnv, loadConfig } from '@inkijk/platform';
import { parseServiceTargets } from './domain/status';

/** The services the status page shows by default, each at its default local address. */
const STATUS_SERVICE_NAMES: ServiceName[] = ['registration', 'authorization', 'query-proxy', 'audit-log', 'supplier-reporting', 'operations', 'portal'];

export const operationsEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(SERVICE_PORTS.operations),
  ...authEnv,
  /** The one login's JWKS endpoint (registration, ADR 0008); AUTH_JWKS, when set, wins. */
  AUTH_JWKS_URL: z.string().url().default(`${localServiceUrl('registration')}/.well-known/jwks.json`),
  /** Longest wait for the next batch while reading the dead-letter topic or an origin partition to its end (then 503). */
  DEAD_LETTER_READ_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
  /** The status page's services as name=url pairs (each asked at <url>/health/ready). */
  STATUS_SERVICES: z
    .string()
    .default(STATUS_SERVICE_NAMES.map((name) => `${name}=${localServiceUrl(name)}`).join(','))
    .transform((v, ctx) => {
      try {
        return parseServiceTargets(v);
      } catch (e) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /** The audit log, asked for its newest checkpoints with the officer's token. */
  AUDIT_LOG_URL: z.string().url().default(localServiceUrl('audit-log')),
  /** The time box of each probe of the status page: a part that does not answer within it shows as unknown. */
  STATUS_PROBE_TIMEOUT_MS: z.coerce.number().int().min(200).max(30_000).default(2_000),
  /** The time box of the status page's dead-letter count (reads that topic to its end). */
  STATUS_DEAD_LETTER_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
  /** More records than this waiting for a consumer group shows it as falling behind. */
  STATUS_MAX_LAG: z.coerce.number().int().min(0).default(1_000),
};

export function loadOperationsConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(operationsEnv, env);
}
export type OperationsConfig = ReturnType<typeof loadOperationsConfig>;
