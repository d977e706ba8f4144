/**
 * NestJS's Kafka server (@nestjs/microservices ServerKafka) for a request-reply endpoint, held
 * to the rules of every other consumer of the platform: a poison request is parked on the
 * dead-letter topic and the partition moves on, and the consumer is watched for /health/ready.
 *
 *   app.connectMicroservice({ strategy: new RequestReplyServer({ platform, groupId, topics, ... }) })
 *
 * Why a subclass: Nest hands a request without a reply address (kafka_correlationId,
 * kafka_replyTopic) to its handler as an event, and an event handler's failure escapes
 * eachMessage; kafkajs then retries the partition, crashes and restarts, and the requests behind
 * the poison wait (six undecodable requests made a gateway answer 503 for 30 s). Nest also sends
 * a reply outside eachMessage, where a failed send would be an unhandled rejection.
 *
 * Poison, checked before Nest sees the request:
 *  - bytes that are no version of the request topic's schema: UNDECODABLE, UNKNOWN_SCHEMA;
 *  - no reply address, or a reply topic that is not one of the endpoint's: INVALID_VALUE (a
 *    request must not choose where the server writes);
 * and after the handler: an error reply whose code says the request itself is invalid
 * (`invalidRequestCodes`): INVALID_VALUE. Other error replies (a decision that could not be
 * recorded, a read model still loading) are transient, not poison: nothing is parked.
 * A caller that gave a reply address gets an error reply either way, instead of waiting.
 *
 * Parking is awaited and never fatal. Requests are not committed and are worth something only
 * while their caller waits, so a dead letter that cannot be written is logged with its origin
 * and the partition moves on rather than holding up every request behind it.
 */
import { KafkaContext, KafkaHeaders, KafkaRetriableException, ServerKafka } from '@nestjs/microservices';
import type { KafkaOptions, OutgoingResponse } from '@nestjs/microservices';
import type { EachMessagePayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { topics as catalogue } from '@inkijk/contracts';
import type { platformContract, TopicSpec } from '@inkijk/contracts';
import { codecFor, DecodeError } from '../avro/codec';
import { JsonLogger, redactBsn } from '../logging/json-logger';
import { countConsumerRecords, countDeadLetter, observeConsumer } from '../metrics/metrics';
import type { KafkaConnectionStatus } from './connection-status';
import { deadLetterOf } from './dead-letter';
import type { DurableSender } from './durable-sender';
import { AvroRequestReplyTopics, avroKafkaServerSerdes } from './nest-avro-serdes';

type NestKafkaOptions = Required<KafkaOptions>['options'];

export interface RequestReplyServerOptions {
  /** The service's Kafka plumbing (KafkaPlatform): its client (credentials, retries, logs), dead-letter sender and status. */
  platform: { kafka: Kafka; sender: DurableSender; status: KafkaConnectionStatus };
  groupId: string;
  topics: AvroRequestReplyTopics;
  deadLetterTopic?: TopicSpec<platformContract.DeadLetter>;
  /** Codes of error replies that mean the request itself is invalid; such requests are parked too. */
  invalidRequestCodes?: readonly string[];
  consumer?: Omit<NonNullable<NestKafkaOptions['consumer']>, 'groupId'>;
  subscribe?: NestKafkaOptions['subscribe'];
  run?: NestKafkaOptions['run'];
  producer?: NestKafkaOptions['producer'];
}

interface Poison {
  reason: platformContract.DeadLetterReason;
  error: string;
}

interface ReplyAddress {
  correlationId: string;
  replyTopic: string;
  replyPartition?: string;
}

const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const v = headers?.[name];
  return v === undefined ? undefined : (Array.isArray(v) ? v[0] : v)?.toString();
};

export class RequestReplyServer extends ServerKafka {
  private readonly requests: Map<string, TopicSpec<unknown>>;
  private readonly replies: Set<string>;
  private readonly log: JsonLogger;
  /** The record behind each request Nest is handling, by its value (the same Buffer Nest holds). */
  private readonly origins = new WeakMap<Buffer, EachMessagePayload>();

  constructor(private readonly opts: RequestReplyServerOptions) {
    super({
      postfixId: '',
      consumer: { ...opts.consumer, groupId: opts.groupId },
      subscribe: opts.subscribe,
      run: opts.run,
      producer: opts.producer,
      ...avroKafkaServerSerdes(opts.topics),
    });
    this.requests = new Map(opts.topics.requests.map((t) => [t.name, t]));
    this.replies = new Set(opts.topics.replies.map((t) => t.name));
    this.log = new JsonLogger(opts.groupId);
  }

  /** The platform's client: one place for the broker address, credentials and retries. */
  override createClient<T>(): T {
    return this.opts.platform.kafka as T;
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    // Before connect: the events of joining must reach the status too.
    this.opts.platform.status.watchConsumer(`consumer:${this.groupId}`, this.consumer as never);
    observeConsumer(this.consumer as never, this.groupId);
  }

  override async handleMessage(payload: EachMessagePayload): Promise<void> {
    const poison = this.poisonIn(payload);
    if (poison) return this.refuse(payload, poison);
    this.origins.set(payload.message.value!, payload);
    try {
      await super.handleMessage(payload as never);
    } catch (e) {
      // Nest's way to ask kafkajs for a retry (something transient) keeps its meaning.
      if (e instanceof KafkaRetriableException) throw e;
      await this.park(payload, { reason: 'PROCESSING_FAILED', error: (e as Error)?.message ?? String(e) });
    }
  }

  /** Sends a reply; an error reply that says the request is invalid parks the request too. */
  override async sendMessage(message: OutgoingResponse, replyTopic: string, replyPartition: string | undefined | null, correlationId: string, context: KafkaContext) {
    const code = (message.err as { code?: unknown } | undefined)?.code;
    const origin = typeof code === 'string' && this.opts.invalidRequestCodes?.includes(code) ? this.origins.get(context.getMessage().value as Buffer) : undefined;
    const [sent] = await Promise.all([
      this.reply(() => super.sendMessage(message, replyTopic, replyPartition, correlationId, context), replyTopic),
      origin && this.park(origin, { reason: 'INVALID_VALUE', error: `${code}: ${(message.err as { message?: string }).message ?? ''}` }),
    ]);
    return sent ?? [];
  }

  private poisonIn({ topic, message }: EachMessagePayload): Poison | undefined {
    const spec = this.requests.get(topic);
    if (!spec) return { reason: 'UNKNOWN_SCHEMA', error: `no request schema for topic ${topic}` };
    try {
      // Decoded here and again by Nest's deserializer: 1.7 us for an evaluation request, less
      // than handing Nest a value decoded elsewhere would cost a reader.
      codecFor(spec).decode(message.value);
    } catch (e) {
      return { reason: e instanceof DecodeError ? e.reason : 'UNDECODABLE', error: (e as Error).message };
    }
    const correlationId = headerText(message.headers, KafkaHeaders.CORRELATION_ID);
    const replyTopic = headerText(message.headers, KafkaHeaders.REPLY_TOPIC);
    if (!correlationId || !replyTopic) return { reason: 'INVALID_VALUE', error: `a request without a reply address (${KafkaHeaders.CORRELATION_ID}, ${KafkaHeaders.REPLY_TOPIC}): nobody waits for its answer` };
    if (!this.replies.has(replyTopic)) return { reason: 'INVALID_VALUE', error: `reply topic ${replyTopic} is not a reply topic of ${topic}` };
    return undefined;
  }

  /** Parks a poison request and, if it names a reply address of this endpoint, answers it with an error. */
  private async refuse(payload: EachMessagePayload, poison: Poison): Promise<void> {
    const to = this.replyAddressOf(payload.message);
    const context = new KafkaContext([payload.message as never, payload.partition, payload.topic, this.consumer!, payload.heartbeat, this.producer!]);
    // Only a decodable request can lack a valid reply address: a reply is to an undecodable one.
    const err = { code: 'UNDECODABLE_REQUEST', message: poison.error };
    await Promise.all([
      this.park(payload, poison),
      to && this.reply(() => super.sendMessage({ id: to.correlationId, err, isDisposed: true }, to.replyTopic, to.replyPartition, to.correlationId, context), to.replyTopic),
    ]);
  }

  private replyAddressOf(message: KafkaMessage): ReplyAddress | undefined {
    const correlationId = headerText(message.headers, KafkaHeaders.CORRELATION_ID);
    const replyTopic = headerText(message.headers, KafkaHeaders.REPLY_TOPIC);
    if (!correlationId || !replyTopic || !this.replies.has(replyTopic)) return undefined;
    return { correlationId, replyTopic, replyPartition: headerText(message.headers, KafkaHeaders.REPLY_PARTITION) };
  }

  /** A reply that cannot be sent is logged: its caller times out, the server goes on. */
  private async reply<R>(sendReply: () => Promise<R>, replyTopic: string): Promise<R | undefined> {
    try {
      return await sendReply();
    } catch (e) {
      this.log.error(`a reply to ${replyTopic} could not be sent: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Parks a request on the dead-letter topic (awaited); a failure is logged, never thrown. */
  private async park({ topic, partition, message }: EachMessagePayload, poison: Poison): Promise<void> {
    const where = `${topic}[${partition}]@${message.offset}`;
    try {
      await this.opts.platform.sender.send(
        this.opts.deadLetterTopic ?? catalogue.deadLetters,
        deadLetterOf({ topic, partition, message, consumerGroup: this.groupId }, poison.reason, poison.error, 1),
        { key: topic },
      );
      countConsumerRecords(this.groupId, topic, 'parked');
      countDeadLetter(this.groupId, topic, poison.reason);
      this.log.warn(`parked ${where} on the dead-letter topic: ${poison.reason}`);
    } catch (e) {
      this.log.error(`could not park ${where} (${poison.reason}: ${redactBsn(poison.error)}); moving on: ${(e as Error).message}`);
    }
  }
}
