/**
 * Durable send shared by many concurrent callers ("group commit"): every caller awaits the
 * broker's acknowledgement (acks=all, idempotent producer) of its own record, while records
 * travel in shared batches. While one batch is in flight the next one fills; it leaves as
 * soon as the broker answers. Throughput then grows with concurrency instead of being capped
 * at one record per round trip.
 *
 * One lane per broker that leads the records' partitions (send-lanes.ts, ADR 0019): a broker
 * that hangs holds back only its own partitions' records, not every caller's.
 */
import { Partitioners } from 'kafkajs';
import type { ICustomPartitioner, Message, PartitionMetadata, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { TopicSpec } from '@inkijk/contracts';
import { codecFor } from '../avro/codec';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { injectTraceHeaders, tracer } from '../tracing/propagation';
import { Batch, couldLeave, InFlight, Placement, takeBatches } from './send-lanes';

/**
 * The producer's own view of its topics' partitions and their leaders. kafkajs keeps its
 * cluster metadata to itself, but hands it to the partitioner on every send (and on every
 * retry, after it refreshed the metadata): this partitioner is kafkajs' default one that also
 * notes what it was given. `place` then says where a record will go, with the same function.
 */
export class PartitionView {
  private readonly topics = new Map<string, PartitionMetadata[]>();
  /** Leader by partition id, per topic, built from the metadata it was built from (rebuilt when kafkajs refreshed it). */
  private readonly leaders = new Map<string, { from: PartitionMetadata[]; byPartition: number[] }>();
  private readonly partition = Partitioners.DefaultPartitioner();

  /** For the producer's configuration (`createPartitioner`). */
  readonly createPartitioner: ICustomPartitioner = () => (args) => {
    if (args.partitionMetadata.length > 0) this.topics.set(args.topic, args.partitionMetadata);
    return this.partition(args);
  };

  /** The record's partition, once the topic's partitions are known (the same function kafkajs uses). */
  partitionOf(topic: string, message: Message): number | undefined {
    const meta = this.topics.get(topic);
    return meta ? this.partition({ topic, partitionMetadata: meta, message }) : undefined;
  }

  /** The broker leading the partition now, as the producer last saw it; undefined while it has none. */
  leaderOf(topic: string, partition: number): number | undefined {
    const meta = this.topics.get(topic);
    if (!meta) return undefined;
    let cached = this.leaders.get(topic);
    if (!cached || cached.from !== meta) {
      const byPartition: number[] = [];
      for (const m of meta) byPartition[m.partitionId] = m.leader;
      this.leaders.set(topic, (cached = { from: meta, byPartition }));
    }
    const leader = cached.byPartition[partition];
    return leader !== undefined && leader >= 0 ? leader : undefined;
  }

  place(topic: string, message: Message): Placement {
    const partition = this.partitionOf(topic, message);
    if (partition === undefined) return {};
    const leader = this.leaderOf(topic, partition);
    return leader === undefined ? { partition } : { partition, leader };
  }
}

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
  /**
   * How long a record that could leave at once waits for others to share its batch (default 0:
   * it leaves at once). Under moderate load records otherwise travel one per produce request, and
   * each request costs the producer's CPU; a short wait lets a few share one (issue 25).
   */
  lingerMs?: number;
  /** Told of every batch's outcome (the error when the broker did not acknowledge it). */
  onOutcome?: (topics: string[], error?: unknown) => void;
  /**
   * The producer's partitions and leaders (its config's `createPartitioner` must be the view's):
   * with it, one batch in flight per leading broker; without it, one batch in flight in all.
   */
  partitions?: PartitionView;
}

interface Pending {
  topic: string;
  message: Message;
  resolve: (m: RecordMetadata) => void;
  reject: (e: Error) => void;
  settled: boolean;
  /** Date.now() after which the caller gets a DurableSendError. */
  deadline: number;
  /** The record's partition, computed once (undefined until its topic's partitions are known). */
  partition?: number;
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
  private readonly inFlight = new InFlight();
  /**
   * Every unsettled record in the order sent, so in the order of its deadline: one timer for
   * the oldest instead of one per record (records are settled mostly in this order too).
   */
  private waiting: Pending[] = [];
  private oldest = 0;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private readonly maxBatch: number;
  private readonly timeoutMs: number;
  private readonly lingerMs: number;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly onOutcome?: (topics: string[], error?: unknown) => void;
  private readonly place: (p: Pending) => Placement;
  /** Figures for metrics and the benchmark. */
  readonly stats = { batches: 0, records: 0, largestBatch: 0, mostLanesInFlight: 0 };
  private lanesInFlight = 0;

  constructor(private readonly producer: Producer, opts: DurableSenderOptions = {}) {
    this.maxBatch = opts.maxBatchRecords ?? 500;
    this.timeoutMs = opts.sendTimeoutMs ?? 5000;
    this.lingerMs = opts.lingerMs ?? 0;
    this.onOutcome = opts.onOutcome;
    const view = opts.partitions;
    // Without a view every record is unplaced: one lane, one batch in flight.
    // The partition is hashed once per record; the leader is looked up on every pass (it may move).
    this.place = view
      ? (p) => {
          if (p.partition === undefined) p.partition = view.partitionOf(p.topic, p.message);
          if (p.partition === undefined) return {};
          const leader = view.leaderOf(p.topic, p.partition);
          return leader === undefined ? { partition: p.partition } : { partition: p.partition, leader };
        }
      : () => ({});
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
      // A pass over the queue only when this record could leave now; otherwise the batch in
      // its way makes the pass when it is answered.
      if (couldLeave(this.place(p), topic, this.inFlight)) this.dispatchSoon();
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

  /** Dispatches now, or after the linger when one is set (the first record starts the wait). */
  private dispatchSoon(): void {
    if (this.lingerMs <= 0) return this.dispatch();
    if (this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      this.dispatch();
    }, this.lingerMs);
  }

  /** Sends every batch that may leave now (send-lanes.ts). */
  private dispatch(): void {
    const { batches, rest } = takeBatches(this.queue, this.place, this.inFlight, this.maxBatch);
    this.queue = rest;
    for (const b of batches) void this.sendBatch(b);
  }

  private async sendBatch(b: Batch<Pending>): Promise<void> {
    this.inFlight.claim(b.lane, b.partitions);
    this.stats.mostLanesInFlight = Math.max(this.stats.mostLanesInFlight, ++this.lanesInFlight);
    const byTopic = new Map<string, Pending[]>();
    const messages = new Map<string, Message[]>();
    b.records.forEach((p, i) => {
      const partition = b.placements[i].partition;
      // The partition the lane was chosen for (the same one kafkajs' partitioner would choose).
      const message = partition === undefined ? p.message : { ...p.message, partition };
      const ps = byTopic.get(p.topic);
      if (ps) {
        ps.push(p);
        (messages.get(p.topic) as Message[]).push(message);
      } else {
        byTopic.set(p.topic, [p]);
        messages.set(p.topic, [message]);
      }
    });
    const topicMessages: TopicMessages[] = [...messages].map(([topic, ms]) => ({ topic, messages: ms }));
    try {
      const metadata = await this.producer.sendBatch({ topicMessages, acks: -1 });
      this.stats.batches++;
      this.stats.records += b.records.length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, b.records.length);
      b.records.forEach((p, i) => {
        const partition = b.placements[i].partition;
        settle(p, metadata.find((m) => m.topicName === p.topic && (partition === undefined || m.partition === partition)) ?? metadata[0]);
      });
      this.onOutcome?.([...byTopic.keys()]);
    } catch (e) {
      const err = new DurableSendError(`Kafka did not acknowledge the batch: ${(e as Error).message}`, e);
      for (const p of b.records) settle(p, err);
      this.onOutcome?.([...byTopic.keys()], e);
    } finally {
      this.inFlight.release(b.lane, b.partitions);
      this.lanesInFlight--;
      this.forgetSettled();
      if (this.queue.length > 0) this.dispatch();
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
