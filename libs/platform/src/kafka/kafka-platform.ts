/**
 * The Kafka plumbing of one service, written once: a kafkajs client, one idempotent durable
 * producer shared through the batching sender, typed producers per catalogue topic, idempotent
 * consumers with dead letters, and the connection status for the health endpoint.
 */
import type { Admin, Kafka, Producer, RecordMetadata } from 'kafkajs';
import type { TopicSpec } from '@inkijk/contracts';
import { aclsFor, allPrincipals, catalogue } from '@inkijk/contracts';
import { KafkaConnectionStatus } from './connection-status';
import { ConsumerOptions, IdempotentConsumer } from './consumer';
import { DURABLE_PRODUCER_CONFIG, DurableSender, DurableSenderOptions, PartitionView, SendOptions } from './durable-sender';
import { createKafka, KafkaClientOptions } from './kafka-client';
import { RefusalReporter } from './refusals';
import { ensureTopics, TopicLayout } from './topics';

export interface TypedProducer<T> {
  readonly topic: TopicSpec<T>;
  /** Resolves once Kafka acknowledged the record (acks=all). */
  send(value: T, opts?: SendOptions): Promise<RecordMetadata>;
}

export interface KafkaPlatformOptions extends KafkaClientOptions {
  sender?: DurableSenderOptions;
  /**
   * Check at start that the catalogue's topics exist (default true). Services never create
   * topics: the broker's provisioning does (deploy/kafka), with their ACLs.
   */
  requireTopics?: boolean;
  /** The consumers' gathering wait (ConsumerOptions.gatherMs) unless a consumer names its own. */
  consumerGatherMs?: number;
}

/** The catalogue's topics a principal may read or write (from the generated ACLs). */
export function topicsGrantedTo(principal: string): TopicLayout[] {
  const names = new Set(aclsFor(catalogue, allPrincipals()).filter((a) => a.principal === principal && a.resourceType === 'TOPIC').map((a) => a.resourceName));
  return catalogue.filter((t) => names.has(t.name));
}

export class KafkaPlatform {
  readonly status = new KafkaConnectionStatus();
  readonly kafka: Kafka;
  private readonly producer: Producer;
  readonly sender: DurableSender;
  readonly refusals: RefusalReporter;
  private readonly consumers: IdempotentConsumer<unknown, unknown>[] = [];

  private constructor(private readonly opts: KafkaPlatformOptions) {
    this.kafka = createKafka(opts);
    // The sender sees the producer's partitions and leaders: one batch in flight per broker.
    const partitions = new PartitionView();
    this.producer = this.kafka.producer({ ...DURABLE_PRODUCER_CONFIG, createPartitioner: partitions.createPartitioner });
    this.status.watchProducer('producer', this.producer);
    this.refusals = new RefusalReporter(opts.credentials?.username ?? 'anonymous', this.status);
    this.sender = new DurableSender(this.producer, {
      ...opts.sender,
      partitions,
      // A write the broker refuses (ACL) is said once and shows in health until one succeeds.
      onOutcome: (topics, error) => {
        if (error === undefined) this.status.clearRefusal('producer');
        else this.refusals.report('producer', 'write', topics, error);
        opts.sender?.onOutcome?.(topics, error);
      },
    });
  }

  static async connect(opts: KafkaPlatformOptions): Promise<KafkaPlatform> {
    const platform = new KafkaPlatform(opts);
    await platform.producer.connect();
    if (opts.requireTopics !== false && opts.credentials) await platform.requireTopics(topicsGrantedTo(opts.credentials.username));
    return platform;
  }

  /** Creates topics (tests and benchmarks, as the operator; services have no right to). */
  async ensureTopics(specs: readonly TopicLayout[]): Promise<string[]> {
    return this.withAdmin((admin) => ensureTopics(admin, specs));
  }

  /** Fails with one readable line when the broker lacks a topic of the catalogue. */
  async requireTopics(specs: readonly TopicLayout[]): Promise<void> {
    const existing = new Set(await this.withAdmin((admin) => admin.listTopics()));
    const missing = specs.filter((s) => !existing.has(s.name)).map((s) => s.name);
    if (missing.length > 0) {
      throw new Error(`the broker lacks ${missing.length} topic(s) of the catalogue (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): start the broker with deploy/kafka/start.sh, whose provisioning (deploy/kafka/provision.ts) creates topics and ACLs`);
    }
  }

  private async withAdmin<R>(fn: (admin: Admin) => Promise<R>): Promise<R> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect();
    }
  }

  producerFor<T>(topic: TopicSpec<T>): TypedProducer<T> {
    return { topic, send: (value, o) => this.sender.send(topic, value, o) };
  }

  async consume<T, Tx>(opts: Omit<ConsumerOptions<T, Tx>, 'deadLetters' | 'status' | 'refusals'>): Promise<IdempotentConsumer<T, Tx>> {
    const consumer = new IdempotentConsumer<T, Tx>(this.kafka, { gatherMs: this.opts.consumerGatherMs, ...opts, deadLetters: this.sender, status: this.status, refusals: this.refusals });
    await consumer.start();
    this.consumers.push(consumer as IdempotentConsumer<unknown, unknown>);
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await this.producer.disconnect().catch(() => undefined);
  }
}
