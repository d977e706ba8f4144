/**
 * The Kafka plumbing of one service, written once: a kafkajs client, one idempotent durable
 * producer shared through the batching sender, typed producers per catalogue topic, idempotent
 * consumers with dead letters, and the connection status for the health endpoint.
 */
import type { Kafka, Producer, RecordMetadata } from 'kafkajs';
import type { TopicSpec } from '@inkijk/contracts';
import { catalogue } from '@inkijk/contracts';
import { KafkaConnectionStatus } from './connection-status';
import { ConsumerOptions, IdempotentConsumer } from './consumer';
import { DURABLE_PRODUCER_CONFIG, DurableSender, DurableSenderOptions, SendOptions } from './durable-sender';
import { createKafka, KafkaClientOptions } from './kafka-client';
import { ensureTopics, TopicLayout } from './topics';

export interface TypedProducer<T> {
  readonly topic: TopicSpec<T>;
  /** Resolves once Kafka acknowledged the record (acks=all). */
  send(value: T, opts?: SendOptions): Promise<RecordMetadata>;
}

export interface KafkaPlatformOptions extends KafkaClientOptions {
  sender?: DurableSenderOptions;
  /** Create the catalogue's topics at start (default true). */
  ensureTopics?: boolean;
}

export class KafkaPlatform {
  readonly status = new KafkaConnectionStatus();
  readonly kafka: Kafka;
  private readonly producer: Producer;
  readonly sender: DurableSender;
  private readonly consumers: IdempotentConsumer<unknown, unknown>[] = [];

  private constructor(private readonly opts: KafkaPlatformOptions) {
    this.kafka = createKafka(opts);
    this.producer = this.kafka.producer(DURABLE_PRODUCER_CONFIG);
    this.status.watchProducer('producer', this.producer);
    this.sender = new DurableSender(this.producer, opts.sender);
  }

  static async connect(opts: KafkaPlatformOptions): Promise<KafkaPlatform> {
    const platform = new KafkaPlatform(opts);
    if (opts.ensureTopics !== false) await platform.ensureTopics(catalogue);
    await platform.producer.connect();
    return platform;
  }

  async ensureTopics(specs: readonly TopicLayout[]): Promise<string[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await ensureTopics(admin, specs);
    } finally {
      await admin.disconnect();
    }
  }

  producerFor<T>(topic: TopicSpec<T>): TypedProducer<T> {
    return { topic, send: (value, o) => this.sender.send(topic, value, o) };
  }

  async consume<T, Tx>(opts: Omit<ConsumerOptions<T, Tx>, 'deadLetters' | 'status'>): Promise<IdempotentConsumer<T, Tx>> {
    const consumer = new IdempotentConsumer<T, Tx>(this.kafka, { ...opts, deadLetters: this.sender, status: this.status });
    await consumer.start();
    this.consumers.push(consumer as IdempotentConsumer<unknown, unknown>);
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await this.producer.disconnect().catch(() => undefined);
  }
}
