/**
 * The Nest Kafka server of the evaluation endpoint (the authorization service, and the
 * benchmark): the platform's RequestReplyServer (Avro, poison parked, consumer watched for
 * readiness) on the service's own Kafka client, the catalogue's consumer group, one handler per
 * request partition.
 *
 * Requests are not committed: a request is worth something only while its caller waits (a few
 * seconds), so after a restart or a rebalance the server starts at the newest request instead
 * of answering stale ones (their callers have timed out and denied). This also saves an offset
 * commit round trip between two requests, and no request is decided (and recorded) twice.
 */
import type { MicroserviceOptions } from '@nestjs/microservices';
import { ConsumerGroups, topics, TopicSpec } from '@inkijk/contracts';
import type { platformContract } from '@inkijk/contracts';
import { RequestReplyServer, RequestReplyServerOptions } from '@inkijk/platform';
import type { WireRequest, WireResponse } from './wire';

export interface EvaluationTopics {
  requests: TopicSpec<WireRequest>;
  replies: TopicSpec<WireResponse>;
}

export const EVALUATION_TOPICS: EvaluationTopics = { requests: topics.authorizationEvaluations, replies: topics.authorizationEvaluationReplies };

export interface EvaluationServerOptions {
  /** The service's KafkaPlatform: its client (and so its credentials), dead-letter sender and status. */
  platform: RequestReplyServerOptions['platform'];
  groupId?: string;
  topics?: EvaluationTopics;
  deadLetterTopic?: TopicSpec<platformContract.DeadLetter>;
}

export function evaluationServerOptions(opts: EvaluationServerOptions): MicroserviceOptions {
  const t = opts.topics ?? EVALUATION_TOPICS;
  return {
    strategy: new RequestReplyServer({
      platform: opts.platform,
      groupId: opts.groupId ?? ConsumerGroups.authorizationEvaluations,
      topics: { requests: [t.requests as TopicSpec<unknown>], replies: [t.replies as TopicSpec<unknown>] },
      deadLetterTopic: opts.deadLetterTopic,
      // A question the evaluator refuses as malformed (or sealed under another BSN transport
      // key) is answered with the error and parked: the same request will never be valid.
      invalidRequestCodes: ['VALIDATION_FAILED'],
      consumer: { allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 100 },
      subscribe: { fromBeginning: false },
      run: { partitionsConsumedConcurrently: t.requests.partitions, autoCommit: false },
      producer: { allowAutoTopicCreation: false },
    }),
  };
}
