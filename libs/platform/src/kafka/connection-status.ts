/**
 * Connection status of the Kafka clients as a stream (after NestJS microservices' status
 * events): producers and consumers report, the health endpoint reads the latest state.
 *
 * A consumer can be connected and still stuck: a batch whose handler keeps failing is retried
 * with no event saying so, then the consumer crashes, restarts, rejoins (GROUP_JOIN: connected
 * again) and fails on the same batch. So two things are judged by time, not by events:
 *  - stalled: a batch started and not finished for `stallAfterMs` (retries of it included);
 *  - crashed: a crash less than `stallAfterMs` ago, even if the consumer has rejoined since, so
 *    that a consumer crashing every few seconds never looks ready between two crashes.
 * They are judged when asked (snapshot, check) and are not pushed on the stream.
 */
import { BehaviorSubject } from 'rxjs';
import type { Consumer, IMemberAssignment, Producer } from 'kafkajs';
import type { HealthIndicator, HealthReport } from '../health/health';

export type ClientStatus = 'connecting' | 'connected' | 'disconnected' | 'crashed' | 'stalled' | 'refused';

export interface KafkaConnectionStatusOptions {
  /** A batch in process this long, or a crash this recent, makes a consumer not ready (default 10 s). */
  stallAfterMs?: number;
  clock?: () => number;
}

interface OpenBatch {
  topic: string;
  partition: number;
  /** First offset of the batch. */
  offset: string;
  /** When the first attempt at this offset started. */
  since: number;
}

/** The batches one consumer has started and not finished, per topic-partition. */
class OpenBatches {
  private readonly open = new Map<string, OpenBatch>();

  started(topic: string, partition: number, offset: string, now: number): void {
    const key = `${topic}[${partition}]`;
    const before = this.open.get(key);
    // A failed batch is fetched and started again: the stall counts from the first attempt,
    // unless the retry starts further on (the records before it were processed).
    if (before && BigInt(offset) <= BigInt(before.offset)) return;
    this.open.set(key, { topic, partition, offset, since: now });
  }

  ended(topic: string, partition: number): void {
    this.open.delete(`${topic}[${partition}]`);
  }

  /** After a rebalance, a batch of a partition now assigned elsewhere never ends here. */
  keepAssigned(assignment: IMemberAssignment): void {
    for (const [key, b] of this.open) if (!assignment[b.topic]?.includes(b.partition)) this.open.delete(key);
  }

  clear(): void {
    this.open.clear();
  }

  oldest(): OpenBatch | undefined {
    let oldest: OpenBatch | undefined;
    for (const b of this.open.values()) if (!oldest || b.since < oldest.since) oldest = b;
    return oldest;
  }
}

export class KafkaConnectionStatus implements HealthIndicator {
  readonly name = 'kafka';
  private readonly statuses = new Map<string, BehaviorSubject<ClientStatus>>();
  private readonly batches = new Map<string, OpenBatches>();
  private readonly lastCrash = new Map<string, number>();
  /** Components the broker refused (authentication or ACL): down until the process restarts. */
  private readonly refusals = new Map<string, string>();
  private readonly stallAfterMs: number;
  private readonly clock: () => number;

  constructor(opts: KafkaConnectionStatusOptions = {}) {
    this.stallAfterMs = opts.stallAfterMs ?? 10_000;
    this.clock = opts.clock ?? Date.now;
  }

  stream(component: string): BehaviorSubject<ClientStatus> {
    let s = this.statuses.get(component);
    if (!s) {
      s = new BehaviorSubject<ClientStatus>('connecting');
      this.statuses.set(component, s);
    }
    return s;
  }

  watchProducer(component: string, producer: Producer): void {
    const s = this.stream(component);
    producer.on(producer.events.CONNECT, () => s.next('connected'));
    producer.on(producer.events.DISCONNECT, () => s.next('disconnected'));
  }

  watchConsumer(component: string, consumer: Consumer): void {
    const s = this.stream(component);
    const open = new OpenBatches();
    this.batches.set(component, open);
    consumer.on(consumer.events.CONNECT, () => s.next('connected'));
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      open.keepAssigned(e.payload.memberAssignment);
      s.next('connected');
    });
    consumer.on(consumer.events.START_BATCH_PROCESS, (e) => open.started(e.payload.topic, e.payload.partition, e.payload.firstOffset, this.clock()));
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => open.ended(e.payload.topic, e.payload.partition));
    consumer.on(consumer.events.DISCONNECT, () => s.next('disconnected'));
    // A stopped runner (also the one that crashed) has no batch in process; after a restart
    // the consumer may resume past the batch, so an old one would look stalled for ever.
    consumer.on(consumer.events.STOP, () => {
      open.clear();
      s.next('disconnected');
    });
    consumer.on(consumer.events.CRASH, () => {
      this.lastCrash.set(component, this.clock());
      s.next('crashed');
    });
  }

  /** The broker refused this component (see refusals.ts): not ready until a restart with a fix. */
  refuse(component: string, detail: string): void {
    this.refusals.set(component, detail);
    this.stream(component).next('refused');
  }

  /** The refused component works again (a producer's next batch was acknowledged). */
  clearRefusal(component: string): void {
    if (this.refusals.delete(component)) this.stream(component).next('connected');
  }

  snapshot(): Record<string, ClientStatus> {
    return Object.fromEntries([...this.statuses.keys()].map((k) => [k, this.statusOf(k)]));
  }

  check(): HealthReport {
    const bad = [...this.statuses.keys()].map((k) => [k, this.statusOf(k)] as const).filter(([, v]) => v !== 'connected');
    return bad.length === 0 ? { status: 'up' } : { status: 'down', detail: bad.map(([k, v]) => `${k}: ${v === 'stalled' ? this.stallOf(k) : v === 'refused' ? `refused, ${this.refusals.get(k)}` : v}`).join(', ') };
  }

  private statusOf(component: string): ClientStatus {
    if (this.refusals.has(component)) return 'refused';
    const status = this.statuses.get(component)!.value;
    if (status !== 'connected') return status;
    if (this.clock() - (this.lastCrash.get(component) ?? -Infinity) < this.stallAfterMs) return 'crashed';
    return this.stalledBatch(component) ? 'stalled' : status;
  }

  private stalledBatch(component: string): OpenBatch | undefined {
    const oldest = this.batches.get(component)?.oldest();
    return oldest && this.clock() - oldest.since >= this.stallAfterMs ? oldest : undefined;
  }

  /** Where and for how long (topic and offset only: the endpoint is public). */
  private stallOf(component: string): string {
    const b = this.stalledBatch(component)!;
    return `stalled at ${b.topic}[${b.partition}]@${b.offset} for ${Math.round((this.clock() - b.since) / 1000)} s`;
  }
}
