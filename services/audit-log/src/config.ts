import { z } from 'zod';
import { SERVICE_PORTS } from '@inkijk/contracts';
import { authEnv, commonEnv, kafkaEnv, ConfigurationError, httpEnv, keyEnv, loadConfig } from '@inkijk/platform';
import { CheckpointSigner } from './domain/checkpoint';
import { parseWithholding } from './domain/citizen-view';

/** The service's own login role (SELECT/INSERT only on the log tables), see the migration. */
export const AUDIT_WRITER_ROLE = 'inkijk_audit_writer';

const isJwks = (v: string): boolean => {
  try {
    return Array.isArray((JSON.parse(v) as { keys?: unknown }).keys);
  } catch {
    return false;
  }
};

export const auditLogEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(SERVICE_PORTS['audit-log']),
  ...authEnv,
  /** Connect as inkijk_audit_writer; migrations run as the owner. */
  DATABASE_URL: z
    .string()
    .default(`postgresql://${AUDIT_WRITER_ROLE}@127.0.0.1:5432/inkijk_audit_log`)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must be a postgresql:// URL' }),
  /** HMAC key of the data-subject pseudonyms: the same key the gateway uses (per-BSN view). */
  SUBJECT_PSEUDONYM_KEY: keyEnv('SUBJECT_PSEUDONYM_KEY'),
  /**
   * The citizen portal's public JWKS (JSON): the key its citizen session tokens are signed with.
   * Absent: POST /audit/citizen/records answers 503 CITIZEN_VIEW_OFF.
   */
  CITIZEN_JWKS: z
    .string()
    .optional()
    .refine((v) => v === undefined || isJwks(v), { message: 'must be a JWKS as JSON: {"keys": [...]}' }),
  /**
   * Confidential processing activities: `activityId=days,...`; a citizen sees a query under one
   * only that many days after it (issue 21 item 3). Absent: nothing is withheld.
   */
  CITIZEN_WITHHOLD: z
    .string()
    .optional()
    .refine((v) => {
      try {
        parseWithholding(v);
        return true;
      } catch {
        return false;
      }
    }, { message: 'must be activityId=days pairs, comma-separated (e.g. inkijk-fraude-onderzoek=180)' }),
  /** Ed25519 private key signing the checkpoints: PKCS#8 DER, base64. */
  AUDIT_CHECKPOINT_KEY: z.string().refine(
    (v) => {
      try {
        CheckpointSigner.fromBase64Pkcs8(v);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an Ed25519 private key, PKCS#8 DER, base64-encoded' },
  ),
  /** How often a checkpoint is written for every chain that grew. */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Records per ingest transaction (the consumer's chunk size). */
  AUDIT_INGEST_CHUNK_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Consumer-group members in this process (their partitions are ingested concurrently). */
  AUDIT_INGEST_CONSUMERS: z.coerce.number().int().min(1).max(16).default(2),
  /** How often the completeness check runs over the whole log into the metrics (0: never). */
  AUDIT_COMPLETENESS_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  /** How long a check waits for the completeness index to reach the topic's end before 503. */
  AUDIT_COMPLETENESS_INDEX_WAIT_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
};

export const loadAuditLogConfig = (env: Record<string, string | undefined> = process.env) => {
  const config = loadConfig(auditLogEnv, env);
  if (!config.AUTH_JWKS && !config.AUTH_JWKS_URL) {
    throw new ConfigurationError(['AUTH_JWKS or AUTH_JWKS_URL: one of them is needed to verify tokens']);
  }
  return config;
};
export type AuditLogConfig = ReturnType<typeof loadAuditLogConfig>;
