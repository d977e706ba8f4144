import { z } from 'zod';
import { SERVICE_PORTS } from '@inkijk/contracts';
import { parseSignalThresholds } from './domain/signals/thresholds';
import { authEnv, commonEnv, kafkaEnv, ConfigurationError, databaseUrl, httpEnv, loadConfig } from '@inkijk/platform';

export const supplierReportingEnv = {
  ...commonEnv,
  ...kafkaEnv,
  ...httpEnv(SERVICE_PORTS['supplier-reporting']),
  ...authEnv,
  DATABASE_URL: databaseUrl('inkijk_supplier_reporting'),
  /**
   * How often the report timer runs: it builds the reports of a month that has begun (once per
   * month) and refreshes reports whose months received late events. 0 switches the timer off.
   */
  REPORT_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Records per ingest transaction (the consumers' chunk size). */
  REPORT_INGEST_CHUNK_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** How often the completeness check runs over every month into the metrics (0: never). */
  REPORT_COMPLETENESS_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  /** How long a check waits for the completeness index to reach the topic's end before 503. */
  REPORT_COMPLETENESS_INDEX_WAIT_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
  /** The misuse-signal thresholds as JSON, over the defaults of domain/signals/thresholds.ts (ADR 0021); empty: the defaults. */
  SIGNAL_THRESHOLDS: z.string().max(10_000).default(''),
  /** At start, how far back (record time) the detectors read again below the committed offsets: the longest window plus the lateness (0: no warm-up). */
  SIGNAL_WARM_UP_MS: z.coerce.number().int().min(0).max(90 * 24 * 3_600_000).default(26 * 3_600_000),
};

export const loadSupplierReportingConfig = (env: Record<string, string | undefined> = process.env) => {
  const config = loadConfig(supplierReportingEnv, env);
  if (!config.AUTH_JWKS && !config.AUTH_JWKS_URL) {
    throw new ConfigurationError(['AUTH_JWKS or AUTH_JWKS_URL: one of them is needed to verify tokens']);
  }
  let signalThresholds;
  try {
    signalThresholds = parseSignalThresholds(config.SIGNAL_THRESHOLDS);
  } catch (e) {
    throw new ConfigurationError([`SIGNAL_THRESHOLDS: ${(e as Error).message}`]);
  }
  return { ...config, signalThresholds };
};
export type SupplierReportingConfig = ReturnType<typeof loadSupplierReportingConfig>;
