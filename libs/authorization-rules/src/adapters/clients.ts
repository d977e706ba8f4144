/**
 * How the gateway asks for a decision: one interface (AuthorizationClient, app/evaluation.ts),
 * two implementations, chosen by configuration (AUTHORIZATION_MODE, ADR 0027):
 *  - InProcessAuthorization (the default): decides on a read model in the gateway's own process
 *    (fed by a ReadModelFeeder) and records the decision through the gateway's DurableSender;
 *  - KafkaAuthorization: asks the authorization service over Kafka request-reply
 *    (KafkaAuthorizationClient: @nestjs/microservices ClientKafka, Avro, the BSN sealed); the
 *    service records.
 * Either way the answer comes only after the decision record is acknowledged by Kafka.
 */
import { randomUUID } from 'node:crypto';
import { ClientKafka, KafkaOptions } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { firstValueFrom, timeout } from 'rxjs';
import { z } from 'zod';
import { ConsumerGroups, Refusal, topics, TopicSpec } from '@inkijk/contracts';
import type { authorization } from '@inkijk/contracts';
import { avroKafkaClientSerdes, DurableSender, KafkaCredentials, kafkaSecurity, keyEnv, meter, pseudonymise } from '@inkijk/platform';
import { AccessEvaluator, AuthorizationClient, DecisionRecorder, EvaluateOptions, EvaluatedAccess, RecordedAccess } from '../app/evaluation';
import type { AccessEvaluationRequest } from '../domain/access';
import type { ReadModel } from '../domain/read-model';
import type { KeuzelijstEntry } from '../domain/rules';
import type { ReadModelFeeder } from './read-model-feeder';
import { fromWireResponse, toWireRequest, WireRequest, WireResponse } from './wire';

/** No answer from authorization (timeout, transport or service error): the gateway must deny. */
export class AuthorizationUnavailableError extends Refusal {
  override readonly name = 'AuthorizationUnavailableError';
  constructor(message: string) {
    super('UNAVAILABLE', 'AUTHORIZATION_UNAVAILABLE', message);
  }
}

/** Records each decision once on the decision log (acks=all); the caller awaits it. */
export function recordDecision(sender: DurableSender, record: authorization.AccessDecisionRecord, topic: TopicSpec<authorization.AccessDecisionRecord> = topics.decisions): Promise<unknown> {
  return sender.send(topic, record);
}

/** Records decisions durably and counts them (decision, reason code) once recorded. */
export function durableDecisionRecorder(sender: DurableSender, topic?: TopicSpec<authorization.AccessDecisionRecord>): DecisionRecorder {
  const decisions = meter().createCounter('inkijk_authorization_decisions', { description: 'Recorded access decisions, by decision (PERMIT, DENY) and reason code' });
  return {
    record: async (r) => {
      const metadata = await recordDecision(sender, r, topic);
      decisions.add(1, { decision: r.decision, reason: r.reasonCode ?? 'NONE' });
      return metadata;
    },
  };
}

export interface InProcessAuthorizationOptions {
  model: ReadModel;
  feeder: Pick<ReadModelFeeder, 'isReady' | 'offsets'>;
  /** The caller's DurableSender (KafkaPlatform.sender). */
  sender: DurableSender;
  /** PSEUDONYM_KEY: the data subject's pseudonym in the decision record. */
  pseudonymKey: Buffer;
  decisionsTopic?: TopicSpec<authorization.AccessDecisionRecord>;
  clock?: () => number;
}

export class InProcessAuthorization implements AuthorizationClient {
  readonly evaluator: AccessEvaluator;

  constructor(opts: InProcessAuthorizationOptions) {
    this.evaluator = new AccessEvaluator(opts.model, {
      recorder: durableDecisionRecorder(opts.sender, opts.decisionsTopic),
      pseudonymise: (bsn) => pseudonymise(bsn, opts.pseudonymKey),
      readModelOffsets: () => opts.feeder.offsets(),
      isReady: () => opts.feeder.isReady(),
      clock: opts.clock,
    });
  }

  evaluate(request: AccessEvaluationRequest, opts?: EvaluateOptions): Promise<RecordedAccess> {
    return this.evaluator.evaluate(request, opts);
  }

  keuzelijst(userId: string, at?: number): KeuzelijstEntry[] {
    return this.evaluator.keuzelijst(userId, at);
  }
}

/** ClientKafka whose replies come on the catalogue's reply topic instead of "<pattern>.reply". */
class CatalogueReplyClientKafka extends ClientKafka {
  constructor(options: Required<KafkaOptions>['options'], private readonly replyTopicOf: Record<string, string>) {
    super(options);
  }

  protected override getResponsePatternName(pattern: string): string {
    return this.replyTopicOf[pattern] ?? super.getResponsePatternName(pattern);
  }
}

export interface KafkaAuthorizationClientOptions {
  brokers: string | string[];
  /** The gateway's broker principal. */
  credentials?: KafkaCredentials;
  clientId: string;
  /** BSN_TRANSPORT_KEY, the same as the authorization service's. */
  transportKey: Buffer;
  /** Consumer group of the reply consumers; gateway replicas share it (default from the catalogue). */
  groupId?: string;
  /** How long to wait for a reply (default 5000 ms). */
  timeoutMs?: number;
  requestTopic?: TopicSpec<WireRequest>;
  replyTopic?: TopicSpec<WireResponse>;
}

/** The request-reply client: the service's answer as it comes back on the reply topic. */
export class KafkaAuthorizationClient {
  private readonly client: ClientKafka;
  private readonly requestTopic: TopicSpec<WireRequest>;
  private readonly timeoutMs: number;

  constructor(private readonly opts: KafkaAuthorizationClientOptions) {
    this.requestTopic = opts.requestTopic ?? topics.authorizationEvaluations;
    const replyTopic = opts.replyTopic ?? topics.authorizationEvaluationReplies;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.client = new CatalogueReplyClientKafka(
      {
        postfixId: '',
        client: { ...kafkaSecurity(opts.credentials), clientId: opts.clientId, brokers: Array.isArray(opts.brokers) ? opts.brokers : opts.brokers.split(',').map((b) => b.trim()), logLevel: logLevel.WARN },
        consumer: { groupId: opts.groupId ?? ConsumerGroups.gatewayAuthorizationReplies, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 100 },
        // The reply consumer commits nothing (no commit round trip between fetches) and reads
        // the short-lived reply topic from the start when it joins, so no reply is missed while
        // it joins; replies to requests of others are ignored by correlation id.
        subscribe: { fromBeginning: true },
        run: { autoCommit: false },
        producer: { allowAutoTopicCreation: false },
        ...avroKafkaClientSerdes({ requests: [this.requestTopic as TopicSpec<unknown>], replies: [replyTopic as TopicSpec<unknown>] }),
      } as Required<KafkaOptions>['options'],
      { [this.requestTopic.name]: replyTopic.name },
    );
  }

  /** Joins the reply consumer group and connects the producer. */
  async connect(): Promise<void> {
    this.client.subscribeToResponseOf(this.requestTopic.name);
    await this.client.connect();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async evaluate(request: AccessEvaluationRequest, opts: EvaluateOptions = {}): Promise<EvaluatedAccess> {
    const wire = toWireRequest(request, { requestId: opts.decisionId ?? randomUUID(), at: opts.at, transportKey: this.opts.transportKey });
    let reply: WireResponse;
    try {
      reply = await firstValueFrom(this.client.send<WireResponse, WireRequest>(this.requestTopic.name, wire).pipe(timeout(this.timeoutMs)));
    } catch (e) {
      const detail = e instanceof Error ? e.message : typeof e === 'object' && e !== null ? JSON.stringify(e) : String(e);
      throw new AuthorizationUnavailableError(`No decision from authorization: ${detail}`);
    }
    return fromWireResponse(reply);
  }
}

/**
 * The Kafka client as the gateway's AuthorizationClient. The reply (AccessEvaluationResponse.v1)
 * carries no pseudonym, so the gateway makes it here, once per decision, under the same
 * SUBJECT_PSEUDONYM_KEY as the service's decision record.
 */
export class KafkaAuthorization implements AuthorizationClient {
  constructor(
    private readonly client: Pick<KafkaAuthorizationClient, 'evaluate'>,
    private readonly pseudonymKey: Buffer,
  ) {}

  async evaluate(request: AccessEvaluationRequest, opts?: EvaluateOptions): Promise<RecordedAccess> {
    const answer = await this.client.evaluate(request, opts);
    return { ...answer, dataSubjectPseudonym: request.resource.id ? pseudonymise(request.resource.id, this.pseudonymKey) : null };
  }
}

/** How the gateway chooses: environment variables it spreads into its own configuration. */
export const authorizationClientEnv = {
  /** in-process (default): the gateway decides on its own read model; kafka: it asks the authorization service (ADR 0027). */
  AUTHORIZATION_MODE: z.enum(['in-process', 'kafka']).default('in-process'),
  AUTHORIZATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Required in kafka mode (the same key as the authorization service's BSN_TRANSPORT_KEY). */
  BSN_TRANSPORT_KEY: keyEnv('BSN_TRANSPORT_KEY').optional(),
};
