/** The dead-letter envelope of a record that could not be decoded or processed, built once for every consumer. */
import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { platformContract } from '@inkijk/contracts';
import { redactBsn } from '../logging/json-logger';
import { traceIdOf } from '../tracing/propagation';

export function deadLetterOf(
  origin: { topic: string; partition: number; message: KafkaMessage; consumerGroup: string },
  reason: platformContract.DeadLetterReason,
  error: string,
  attempts: number,
): platformContract.DeadLetter {
  const m = origin.message;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  return {
    deadLetterId: randomUUID(),
    parkedAt: Date.now(),
    consumerGroup: origin.consumerGroup,
    originTopic: origin.topic,
    originPartition: origin.partition,
    originOffset: m.offset,
    originTimestamp: m.timestamp ?? null,
    key: m.key ?? null,
    value: m.value ?? null,
    headers,
    reason,
    // The reason is for operators: never a BSN in clear.
    error: redactBsn(error),
    attempts,
    traceId: traceIdOf(m.headers) ?? null,
  };
}
