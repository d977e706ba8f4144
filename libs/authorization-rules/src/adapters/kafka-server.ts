/**
 * The Nest Kafka server options of the evaluation endpoint (the authorization service, and the
 * benchmark): Avro serdes, the catalogue's consumer group, one handler per request partition.
 *
 * Requests are not committed: a request is worth something only while its caller waits (a few
 * seconds), so after a restart or a rebalance the server starts at the newest request instead
 * of answering stale ones (their callers have timed out and denied). This also saves an offset
 * commit round trip between two requests, and no request is decided (and recorded) twice.
 */
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { ConsumerGroups, topics, TopicSpec } from '@inkijk/contracts';
import { avroKafkaServerSerdes } from '@inkijk/platform';
import type { WireRequest, WireResponse } from './wire';

export interface EvaluationTopics {
  requests: TopicSpec<WireRequest>;
  replies: TopicSpec<WireResponse>;
}

export const EVALUATION_TOPICS: EvaluationTopics = { requests: topics.authorizationEvaluations, replies: topics.authorizationEvaluationReplies };

export function evaluationServerOptions(opts: { brokers: string | string[]; clientId: string; groupId?: string; topics?: EvaluationTopics }): MicroserviceOptions {
  const t = opts.topics ?? EVALUATION_TOPICS;
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: { clientId: opts.clientId, brokers: Array.isArray(opts.brokers) ? opts.brokers : opts.brokers.split(',').map((b) => b.trim()), logLevel: logLevel.WARN },
      consumer: { groupId: opts.groupId ?? ConsumerGroups.authorizationEvaluations, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 100 },
      subscribe: { fromBeginning: false },
      run: { partitionsConsumedConcurrently: t.requests.partitions, autoCommit: false },
      producer: { allowAutoTopicCreation: false },
      ...avroKafkaServerSerdes({ requests: [t.requests as TopicSpec<unknown>], replies: [t.replies as TopicSpec<unknown>] }),
    },
  };
}
