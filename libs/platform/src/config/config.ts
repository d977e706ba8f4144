/**
 * Configuration from the environment, validated once at start-up. A service declares the
 * variables it needs as a zod object; a missing or malformed variable stops the start with
 * one readable line per problem (never the value of a secret).
 */
import { z } from 'zod';

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigurationError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** Variables shared by every service. */
export const commonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** Zipkin's span API (e.g. http://127.0.0.1:9411/api/v2/spans): set, every span goes to the trace UI (ADR 0023). */
  ZIPKIN_ENDPOINT: z.string().url().optional(),
  /** Bearer token Prometheus presents on GET /metrics; unset: the endpoint is closed. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
};

/** The broker connection of a service that uses Kafka: where, and as which principal. */
export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .refine((v) => v.split(',').every((b) => /^[^\s:,]+:\d{1,5}$/.test(b.trim())), {
      message: 'must be a comma-separated list of host:port',
    }),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** The service's own broker principal (SASL/SCRAM-SHA-512); every broker requires one. */
  KAFKA_USERNAME: z.string({ error: 'is required: the service\'s own broker principal (see deploy/kafka/README.md)' }).regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a principal name such as audit-log'),
  KAFKA_PASSWORD: z.string({ error: 'is required: the password of KAFKA_USERNAME at the broker' }).min(16, 'must be at least 16 characters'),
  /** PEM file of the CA that signed the broker's certificate: set, the connection uses TLS. */
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
  /**
   * How long a consumer's fetch may wait for records to gather (up to 64 KiB, CONSUMER_GATHER_BYTES
   * in kafka/consumer.ts) before it returns what there is: under moderate load a chunk then holds many records, one
   * transaction and one offset commit for all of them, not one each (issue 25). 0: every fetch
   * returns its first record at once.
   */
  KAFKA_CONSUMER_GATHER_MS: z.coerce.number().int().min(0).max(1000).default(100),
};

/** A PostgreSQL connection string; `defaultDb` names the service's own database. */
export function databaseUrl(defaultDb: string) {
  return z
    .string()
    .default(`postgresql://postgres@127.0.0.1:5432/${defaultDb}`)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must be a postgresql:// URL' });
}

export function port(defaultPort: number) {
  return z.coerce.number().int().min(1).max(65535).default(defaultPort);
}

export function host(defaultHost = '127.0.0.1') {
  return z.string().min(1).default(defaultHost);
}

/** HTTP listener settings every HTTP service shares. */
export function httpEnv(defaultPort: number) {
  return { HTTP_HOST: host(), HTTP_PORT: port(defaultPort) };
}

/** The broker credentials of a validated configuration. */
export function kafkaCredentialsOf(config: { KAFKA_USERNAME: string; KAFKA_PASSWORD: string; KAFKA_TLS_CA_FILE?: string }) {
  return { username: config.KAFKA_USERNAME, password: config.KAFKA_PASSWORD, tlsCaFile: config.KAFKA_TLS_CA_FILE };
}
