import * as fs from 'node:fs';
import { Kafka, KafkaConfig, logLevel, LogEntry } from 'kafkajs';
import { JsonLogger } from '../logging/json-logger';
import { fixKafkajsRequestQueue } from './kafkajs-fixes';

// Every kafkajs client of the process, also those NestJS makes, shares the fixed class.
fixKafkajsRequestQueue();

/**
 * Who the client is at the broker: every connection authenticates (SASL/SCRAM-SHA-512, ADR 0014),
 * optionally over TLS with the CA that signed the broker's certificate.
 */
export interface KafkaCredentials {
  username: string;
  password: string;
  /** PEM file of the CA of the broker's certificate; set: TLS (SASL_SSL), unset: SASL_PLAINTEXT. */
  tlsCaFile?: string;
}

export interface KafkaClientOptions {
  clientId: string;
  brokers: string | string[];
  /** The principal's credentials; required by every broker of this project. */
  credentials?: KafkaCredentials;
  /** Connection and request timeouts in ms (defaults suit a local broker). */
  connectionTimeout?: number;
  requestTimeout?: number;
}

/** A kafkajs client whose logs go through the platform's JSON logger. */
export function createKafka(opts: KafkaClientOptions): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const logger = new JsonLogger(opts.clientId);
  return new Kafka({
    ...kafkaSecurity(opts.credentials),
    clientId: opts.clientId,
    brokers: (Array.isArray(opts.brokers) ? opts.brokers : opts.brokers.split(',')).map((b) => b.trim()),
    connectionTimeout: opts.connectionTimeout ?? 3000,
    requestTimeout: opts.requestTimeout ?? 10000,
    retry: { initialRetryTime: 100, retries: 5, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log, namespace }: LogEntry) => {
        const { message, ...rest } = log;
        const text = `${namespace}: ${message}${rest.error ? ` (${String(rest.error)})` : ''}`;
        if (level === logLevel.ERROR) logger.error(text, 'kafkajs');
        else if (level === logLevel.WARN) logger.warn(text, 'kafkajs');
        else logger.debug(text, 'kafkajs');
      },
  });
}

/** The SASL (and TLS) part of a kafkajs configuration; also used for NestJS's Kafka transport. */
export function kafkaSecurity(credentials: KafkaCredentials | undefined): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  if (!credentials) return {};
  return {
    sasl: { mechanism: 'scram-sha-512', username: credentials.username, password: credentials.password },
    ...(credentials.tlsCaFile ? { ssl: { ca: [fs.readFileSync(credentials.tlsCaFile, 'utf8')], rejectUnauthorized: true } } : {}),
  };
}
