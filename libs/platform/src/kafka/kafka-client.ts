import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { JsonLogger } from '../logging/json-logger';
import { fixKafkajsRequestQueue } from './kafkajs-fixes';

// Every kafkajs client of the process, also those NestJS makes, shares the fixed class.
fixKafkajsRequestQueue();

export interface KafkaClientOptions {
  clientId: string;
  brokers: string | string[];
  /** Connection and request timeouts in ms (defaults suit a local broker). */
  connectionTimeout?: number;
  requestTimeout?: number;
}

/** A kafkajs client whose logs go through the platform's JSON logger. */
export function createKafka(opts: KafkaClientOptions): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const logger = new JsonLogger(opts.clientId);
  return new Kafka({
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
