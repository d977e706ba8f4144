/**
 * Durable send shared by many concurrent callers ("group commit"): every caller awaits the
 * broker's acknowledgement (acks=all, idempotent producer) of its own record, while records
 * travel in shared batches. While one batch is in flight the next one fills; it leaves as
 * soon as the broker answers. Throughput then grows with concurrency instead of being capped
 * at one record per round trip.
 */
import type { Message, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { TopicSpec } from '@inkijk/contracts';
import { codecFor } from '../avro/codec';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { injectTraceHeaders, tracer } from '../tracing/propagation';

export class DurableSendError extends Error {
  override readonly name = 'DurableSendError';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

export interface DurableSenderOptions {
  /** Most records in one batch. */
  maxBatchRecords?: number;
  /** A caller waits at most this long for its acknowledgement, then gets a DurableSendError. */
  sendTimeoutMs?: number;
  /** Told of every batch's outcome (the error when the broker did not acknowledge it). */
  onOutcome?: (topics: string[], error?: unknown) => void;
}

interface Pending {
  topic: string;
  message: Message;
  resolve: (m: RecordMetadata) => void;
  reject: (e: Error) => void;
  settled: boolean;
  /** Date.now() after which the caller gets a DurableSendError. */
  deadline: number;
}

function settle(p: Pending, outcome: RecordMetadata | Error): void {
  if (p.settled) return;
  p.settled = true;
  if (outcome instanceof Error) p.reject(outcome);
  else p.resolve(outcome);
}

export interface SendOptions {
  key?: string;
  headers?: Record<string, string>;
  /**
   * The record's timestamp (epoch ms, Kafka CreateTime) when it is not the time of sending: for
   * records of recorded history, as tests publish them. Consumers check event times against it
   * (contracts/src/content.ts), so a query of last April is published with last April's time.
   */
  timestamp?: number;
}

export class DurableSender {
  private queue: Pending[] = [];
  private flushing = false;
  /**
   * Every unsettled record in the order sent, so in the order of its deadline: one timer for
   * the oldest instead of one per record (records are settled mostly in this order too).
   */
  private waiting: Pending[] = [];
  private oldest = 0;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private readonly maxBatch: number;
  private readonly timeoutMs: number;
  private readonly onOutcome?: (topics: string[], error?: unknown) => void;
  /** Figures for metrics and the benchmark. */
  readonly stats = { batches: 0, records: 0, largestBatch: 0 };

  constructor(private readonly producer: Producer, opts: DurableSenderOptions = {}) {
    this.maxBatch = opts.maxBatchRecords ?? 500;
    this.timeoutMs = opts.sendTimeoutMs ?? 5000;
    this.onOutcome = opts.onOutcome;
  }

  /**
   * Validates and encodes the value (a value that does not fit its schema is refused here and
   * nothing is published), then resolves once the broker has acknowledged it.
   */
  send<T>(topic: TopicSpec<T>, value: T, opts: SendOptions = {}): Promise<RecordMetadata> {
    // A producer span from send to acknowledgement; consumers continue the trace from it.
    const span = tracer().startSpan(`${topic.name} publish`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic.name, 'messaging.operation.type': 'send' } });
    const failed = (e: unknown): Promise<never> => {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      span.end();
      return Promise.reject(e);
    };
    let message: Message;
    try {
      message = {
        key: opts.key ?? topic.keyOf(value),
        value: codecFor(topic).encode(value),
        headers: injectTraceHeaders({ ...(opts.headers ?? {}) }, trace.setSpan(context.active(), span)),
        ...(opts.timestamp !== undefined ? { timestamp: String(opts.timestamp) } : {}),
      };
    } catch (e) {
      return failed(e);
    }
    return this.enqueue(topic.name, message).then((m) => {
      span.end();
      return m;
    }, failed);
  }

  /** Sends an already encoded record (dead letters keep the original bytes). */
  sendRaw(topic: string, message: Message): Promise<RecordMetadata> {
    return this.enqueue(topic, message);
  }

  private enqueue(topic: string, message: Message): Promise<RecordMetadata> {
    return new Promise<RecordMetadata>((resolve, reject) => {
      const p: Pending = { topic, message, resolve, reject, settled: false, deadline: Date.now() + this.timeoutMs };
      this.queue.push(p);
      this.waiting.push(p);
      if (!this.deadlineTimer) this.watchDeadlines();
      if (!this.flushing) void this.flush();
    });
  }

  /** Fails the records past their deadline, and watches the next one's. */
  private watchDeadlines(): void {
    this.deadlineTimer = undefined;
    const now = Date.now();
    let timedOut: DurableSendError | undefined;
    while (this.oldest < this.waiting.length) {
      const p = this.waiting[this.oldest];
      if (!p.settled && p.deadline > now) break;
      if (!p.settled) settle(p, (timedOut ??= new DurableSendError(`no acknowledgement from Kafka within ${this.timeoutMs} ms`)));
      this.oldest++;
    }
    this.forgetSettled();
    if (this.oldest < this.waiting.length) {
      this.deadlineTimer = setTimeout(() => this.watchDeadlines(), this.waiting[this.oldest].deadline - now);
      this.deadlineTimer.unref();
    }
  }

  /** Drops the settled records at the head of the waiting list. */
  private forgetSettled(): void {
    while (this.oldest < this.waiting.length && this.waiting[this.oldest].settled) this.oldest++;
    if (this.oldest === this.waiting.length) {
      this.waiting = [];
      this.oldest = 0;
    } else if (this.oldest > 1024) {
      this.waiting = this.waiting.slice(this.oldest);
      this.oldest = 0;
    }
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch).filter((p) => !p.settled);
        if (batch.length === 0) continue;
        const byTopic = new Map<string, Pending[]>();
        for (const p of batch) {
          const ps = byTopic.get(p.topic);
          if (ps) ps.push(p);
          else byTopic.set(p.topic, [p]);
        }
        const topicMessages: TopicMessages[] = [...byTopic].map(([topic, ps]) => ({ topic, messages: ps.map((p) => p.message) }));
        try {
          const metadata = await this.producer.sendBatch({ topicMessages, acks: -1 });
          this.stats.batches++;
          this.stats.records += batch.length;
          this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
          for (const [topic, ps] of byTopic) {
            const meta = metadata.find((m) => m.topicName === topic) ?? metadata[0];
            for (const p of ps) settle(p, meta);
          }
          this.onOutcome?.([...byTopic.keys()]);
        } catch (e) {
          const err = new DurableSendError(`Kafka did not acknowledge the batch: ${(e as Error).message}`, e);
          for (const p of batch) settle(p, err);
          this.onOutcome?.([...byTopic.keys()], e);
        }
        this.forgetSettled();
      }
    } finally {
      this.flushing = false;
    }
  }
}

/**
 * Producer settings every durable producer uses: idempotent, acks=all, ordered. Retries stay
 * unlimited (kafkajs' default for idempotence, which limited retries would weaken); callers are
 * bounded by the sender's sendTimeoutMs instead, so a broker outage answers within that time.
 */
export const DURABLE_PRODUCER_CONFIG = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1000 },
} as const;
