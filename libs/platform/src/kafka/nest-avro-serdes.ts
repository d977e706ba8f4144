/**
 * Avro for NestJS's Kafka transport (@nestjs/microservices, Transport.KAFKA): requests and
 * replies travel in the platform's wire format (single-object encoding through codecFor), the
 * catalogue topic of each message pattern naming its schema, instead of Nest's JSON.
 *
 * Use the option sets below on both sides: they include `parser: { keepBinary: true }`, without
 * which Nest turns the Avro bytes into a string before the deserializer sees them.
 *
 *   server: app.connectMicroservice({ transport: Transport.KAFKA, options: { client, consumer,
 *             ...avroKafkaServerSerdes({ requests: [requestTopic], replies: [replyTopic] }) } })
 *   client: new ClientKafka({ client, consumer, ...avroKafkaClientSerdes({ requests, replies }) })
 *
 * The pattern of a request is the name of its request topic; the reply goes to the topic the
 * client names in the kafka_replyTopic header (one of `replies`). A request that cannot be
 * decoded reaches the handler as an UndecodableRequest (the handler throws, and the caller gets
 * an error reply instead of waiting); a reply that fits no reply schema becomes an error reply.
 * On a plain ServerKafka, a request without a reply address is handled as an event and a
 * handler's failure crashes the consumer: use the RequestReplyServer (request-reply-server.ts),
 * which parks poison before the handler sees it.
 */
import type { Deserializer, IncomingRequest, IncomingResponse, KafkaParserConfig, Serializer } from '@nestjs/microservices';
import { KafkaHeaders } from '@nestjs/microservices';
import type { TopicSpec } from '@inkijk/contracts';
import { codecFor, DecodeError, DecodeFailure } from '../avro/codec';
import { injectTraceHeaders } from '../tracing/propagation';

/** The request and reply topics one side of a Kafka request-reply uses. */
export interface AvroRequestReplyTopics {
  requests: readonly TopicSpec<unknown>[];
  replies: readonly TopicSpec<unknown>[];
}

/** What the Nest Kafka options need for Avro: serializer, deserializer and a binary parser. */
export interface AvroKafkaSerdes {
  serializer: Serializer;
  deserializer: Deserializer;
  parser: KafkaParserConfig;
}

/** A request whose bytes could not be decoded; handlers refuse it with `reason`. */
export class UndecodableRequest {
  constructor(readonly reason: DecodeFailure, readonly message: string) {}
}

/** A Kafka message as Nest's parser hands it over (value kept binary, headers as strings). */
interface RawKafkaMessage {
  topic?: string;
  value: Buffer | null;
  headers: Record<string, unknown>;
}

interface OutgoingKafkaMessage {
  key?: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

const byName = (specs: readonly TopicSpec<unknown>[]) => new Map(specs.map((s) => [s.name, s]));

function topicFor(specs: Map<string, TopicSpec<unknown>>, name: string | undefined, what: string): TopicSpec<unknown> {
  const spec = name !== undefined ? specs.get(name) : specs.size === 1 ? [...specs.values()][0] : undefined;
  if (!spec) throw new Error(`no Avro schema for ${what} ${name ?? '(unnamed)'}: add its catalogue topic to the serdes`);
  return spec;
}

/** Client: encodes a request with the schema of the topic its pattern names; adds trace headers. */
export class AvroKafkaRequestSerializer implements Serializer<unknown, OutgoingKafkaMessage> {
  private readonly topics: Map<string, TopicSpec<unknown>>;
  constructor(requests: readonly TopicSpec<unknown>[]) {
    this.topics = byName(requests);
  }

  serialize(value: unknown, options?: { pattern?: string }): OutgoingKafkaMessage {
    const topic = topicFor(this.topics, options?.pattern, 'request pattern');
    return { key: topic.keyOf(value), value: codecFor(topic).encode(value), headers: injectTraceHeaders({}) };
  }
}

/** Server: decodes a request with the schema of the topic it arrived on. */
export class AvroKafkaRequestDeserializer implements Deserializer<RawKafkaMessage, IncomingRequest> {
  private readonly topics: Map<string, TopicSpec<unknown>>;
  constructor(requests: readonly TopicSpec<unknown>[]) {
    this.topics = byName(requests);
  }

  deserialize(message: RawKafkaMessage, options?: { channel?: string }): IncomingRequest {
    const pattern = options?.channel ?? message.topic;
    const id = String(message.headers?.[KafkaHeaders.CORRELATION_ID] ?? '');
    try {
      const topic = topicFor(this.topics, pattern, 'request topic');
      return { id, pattern, data: codecFor(topic).decode(message.value) };
    } catch (e) {
      const reason: DecodeFailure = e instanceof DecodeError ? e.reason : 'UNKNOWN_SCHEMA';
      return { id, pattern, data: new UndecodableRequest(reason, (e as Error).message) };
    }
  }
}

/** Server: encodes a reply with the first reply schema it fits; an error reply carries no value. */
export class AvroKafkaResponseSerializer implements Serializer<unknown, OutgoingKafkaMessage> {
  constructor(private readonly replies: readonly TopicSpec<unknown>[]) {}

  serialize(response: unknown): OutgoingKafkaMessage {
    if (response === undefined || response === null) return { value: null, headers: {} };
    const topic = this.replies.find((t) => codecFor(t).reader.isValid(response));
    if (!topic) {
      const names = this.replies.map((t) => t.value.fullName).join(', ');
      return { value: null, headers: { [KafkaHeaders.NEST_ERR]: JSON.stringify({ status: 'error', message: `the reply fits none of ${names}` }) } };
    }
    return { value: codecFor(topic).encode(response), headers: {} };
  }
}

/** Client: decodes a reply with the schema of the reply topic it arrived on. */
export class AvroKafkaResponseDeserializer implements Deserializer<RawKafkaMessage, IncomingResponse> {
  private readonly topics: Map<string, TopicSpec<unknown>>;
  constructor(replies: readonly TopicSpec<unknown>[]) {
    this.topics = byName(replies);
  }

  deserialize(message: RawKafkaMessage): IncomingResponse {
    const id = String(message.headers[KafkaHeaders.CORRELATION_ID]);
    const err = message.headers[KafkaHeaders.NEST_ERR];
    if (err !== undefined) return { id, err, isDisposed: true };
    const isDisposed = message.headers[KafkaHeaders.NEST_IS_DISPOSED] !== undefined;
    if (message.value === null || message.value.length === 0) return { id, response: undefined, isDisposed };
    try {
      const topic = topicFor(this.topics, message.topic, 'reply topic');
      return { id, response: codecFor(topic).decode(message.value), isDisposed };
    } catch (e) {
      return { id, err: { status: 'error', message: `undecodable reply: ${(e as Error).message}` }, isDisposed: true };
    }
  }
}

/** Options for the Nest Kafka server (the side with @MessagePattern handlers). */
export function avroKafkaServerSerdes(t: AvroRequestReplyTopics): AvroKafkaSerdes {
  return { serializer: new AvroKafkaResponseSerializer(t.replies), deserializer: new AvroKafkaRequestDeserializer(t.requests), parser: { keepBinary: true } };
}

/** Options for a Nest ClientKafka (the side that sends requests and awaits replies). */
export function avroKafkaClientSerdes(t: AvroRequestReplyTopics): AvroKafkaSerdes {
  return { serializer: new AvroKafkaRequestSerializer(t.requests), deserializer: new AvroKafkaResponseDeserializer(t.replies), parser: { keepBinary: true } };
}
