/**
 * Metrics for operations, written once: an OpenTelemetry MeterProvider per process, read by
 * Prometheus through `GET /metrics` (text exposition format) and pushed over OTLP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. HTTP server metrics come from the HTTP instrumentation;
 * services add their own counters (queries, denials, logins) through `meter()`, and every Kafka
 * consumer reports its records and its lag through `observeConsumer()`.
 *
 * The provider is created on first use, so services built inside tests have metrics too;
 * initTracing() creates it earlier, before the instrumentations are registered.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Attributes, Counter, diag, Meter } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { Consumer } from 'kafkajs';

interface MetricsState {
  provider: MeterProvider;
  prometheus: PrometheusExporter;
  meter: Meter;
  lag: Map<string, { attributes: Attributes; value: number }>;
  /** Lag a consumer reports itself while a partition waits (its batch events would say less). */
  heldLag: Map<string, { attributes: Attributes; value: number }>;
  paused: Map<string, { attributes: Attributes; partitions: Set<number> }>;
}

let state: MetricsState | undefined;

/** Creates the process's meter provider once (idempotent); returns it. */
export function initMetrics(serviceName = 'inkijk', env: NodeJS.ProcessEnv = process.env): MeterProvider {
  return ensureState(serviceName, env).provider;
}

function ensureState(serviceName = process.env.OTEL_SERVICE_NAME ?? 'inkijk', env: NodeJS.ProcessEnv = process.env): MetricsState {
  if (state) return state;
  const prometheus = new PrometheusExporter({ preventServerStart: true, appendTimestamp: false });
  const readers: MetricReader[] = [prometheus];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/metrics` }), exportIntervalMillis: 15_000 }));
  }
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? serviceName }), readers });
  const meter = provider.getMeter('inkijk');
  const lag = new Map<string, { attributes: Attributes; value: number }>();
  const heldLag = new Map<string, { attributes: Attributes; value: number }>();
  const paused = new Map<string, { attributes: Attributes; partitions: Set<number> }>();
  meter
    .createObservableGauge('inkijk_consumer_lag', { description: 'Records on the partition not yet processed by the consumer group (high watermark minus next offset), after its latest batch' })
    .addCallback((result) => {
      for (const [key, { attributes, value }] of lag) if (!heldLag.has(key)) result.observe(value, attributes);
      for (const { attributes, value } of heldLag.values()) result.observe(value, attributes);
    });
  meter
    .createObservableGauge('inkijk_consumer_paused', { description: 'Whether the consumer group waits on the topic (1: a partition paused, retrying after a transient failure such as its database being unreachable; 0: consuming)' })
    .addCallback((result) => {
      for (const { attributes, partitions } of paused.values()) result.observe(partitions.size > 0 ? 1 : 0, attributes);
    });
  state = { provider, prometheus, meter, lag, heldLag, paused };
  return state;
}

/** The meter services create their instruments on. */
export function meter(): Meter {
  return ensureState().meter;
}

const serializer = new PrometheusSerializer('', false);

/** The current metrics in the Prometheus text format (what the exporter's own server would send). */
export async function prometheusText(): Promise<string> {
  const { resourceMetrics, errors } = await ensureState().prometheus.collect();
  if (errors.length > 0) diag.error('metrics collection errors', ...errors);
  return serializer.serialize(resourceMetrics);
}

let consumerRecords: Counter | undefined;

/**
 * Reports a kafkajs consumer's lag per partition after every batch it processed, labelled with
 * the consumer group as operations know it (`group`; a per-process group id would make every
 * restart a new series).
 */
export function observeConsumer(consumer: Consumer, group: string): void {
  const { lag } = ensureState();
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const value = Number(payload.offsetLag);
    if (!Number.isFinite(value)) return;
    const attributes = { consumer_group: group, topic: payload.topic, partition: payload.partition };
    lag.set(lagKey(group, payload.topic, payload.partition), { attributes, value: Math.max(0, value) });
  });
}

const lagKey = (group: string, topic: string, partition: number) => `${group}\u0000${topic}\u0000${partition}`;

/**
 * Says that a consumer group waits on a topic-partition (paused after a transient failure) with
 * `lag` records not processed, or (`lag` undefined) that it consumes again. While it waits, the
 * lag reported is this one, not the one of the batch it could not process.
 */
export function reportConsumerWaiting(group: string, topic: string, partition: number, lag: number | undefined): void {
  const { heldLag, paused } = ensureState();
  const key = lagKey(group, topic, partition);
  const topicKey = `${group}\u0000${topic}`;
  const entry = paused.get(topicKey) ?? { attributes: { consumer_group: group, topic }, partitions: new Set<number>() };
  paused.set(topicKey, entry);
  if (lag === undefined) {
    heldLag.delete(key);
    entry.partitions.delete(partition);
    return;
  }
  heldLag.set(key, { attributes: { consumer_group: group, topic, partition }, value: Math.max(0, lag) });
  entry.partitions.add(partition);
}

let consumerRetries: Counter | undefined;

/** Counts a retry after a transient failure: `transient` (recognised) or `unknown` (not recognised, treated as transient). */
export function countConsumerRetry(group: string, topic: string, kind: 'transient' | 'unknown'): void {
  consumerRetries ??= meter().createCounter('inkijk_consumer_retries', { description: 'Processing attempts of a consumer group that failed for a transient reason and are retried (kind unknown: the error was not recognised and is treated as transient)' });
  consumerRetries.add(1, { consumer_group: group, topic, kind });
}

/** Counts what a consumer did with its records: processed, duplicate (skipped) or parked. */
export function countConsumerRecords(group: string, topic: string, outcome: 'processed' | 'duplicate' | 'parked', n = 1): void {
  if (n <= 0) return;
  consumerRecords ??= meter().createCounter('inkijk_consumer_records', { description: 'Kafka records handled by a consumer group, by outcome' });
  consumerRecords.add(n, { consumer_group: group, topic, outcome });
}

let deadLetters: Counter | undefined;

/**
 * Counts a record parked on the dead-letter topic (after Kafka acknowledged it), by consumer
 * group, source topic and reason (the contract's closed list: UNDECODABLE, INVALID_CONTENT, ...).
 */
export function countDeadLetter(group: string, topic: string, reason: string): void {
  deadLetters ??= meter().createCounter('inkijk_dead_letters', { description: 'Records parked on the dead-letter topic, by consumer group, source topic and reason' });
  deadLetters.add(1, { consumer_group: group, topic, reason });
}

/**
 * Whether a bearer token is the configured scrape token. Both sides are hashed first, so the
 * comparison takes the same time whatever the lengths.
 */
export function isScrapeToken(presented: string | undefined, configured: string | undefined): boolean {
  if (!presented || !configured) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(configured).digest();
  return timingSafeEqual(a, b);
}
