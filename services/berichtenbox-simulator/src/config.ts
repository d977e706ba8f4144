import { z } from 'zod';
import { SERVICE_PORTS } from '@inkijk/contracts';
import { commonEnv, httpEnv, kafkaEnv, loadConfig } from '@inkijk/platform';

export const berichtenboxSimulatorEnv = {
  ...commonEnv,
  ...httpEnv(SERVICE_PORTS['berichtenbox-simulator']),
  /** The broker, as the berichtenbox principal (it reads inkijk.audit.citizen-notifications.v1 only). */
  ...kafkaEnv,
  /** How long to wait for the broker before the next attempt to follow the topic (ms). */
  BERICHTENBOX_RETRY_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
};

export const loadBerichtenboxSimulatorConfig = (env: Record<string, string | undefined> = process.env) => loadConfig(berichtenboxSimulatorEnv, env);
export type BerichtenboxSimulatorConfig = ReturnType<typeof loadBerichtenboxSimulatorConfig>;
