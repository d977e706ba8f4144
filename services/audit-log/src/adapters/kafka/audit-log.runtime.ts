/**
 * What runs besides HTTP: the consumers of attributed queries, actions and decision records
 * (each its own consumer group, inbox in the same transaction as the chain append), the
 * follower of the users topic (the roles directory), the checkpoint writer, the outbox relay
 * that publishes the checkpoints, and the completeness index with its periodic check.
 */
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { audit, authorization, query, registration, TopicSpec } from '@inkijk/contracts';
import type { PoolClient } from 'pg';
import { IdempotentConsumer, Inbox, JsonLogger, KafkaPlatform, OutboxRelay, pgTransactor, TopicIndexer } from '@inkijk/platform';
import { CheckpointWriter } from '../../app/checkpoint-writer';
import { CompletenessCheck } from '../../app/completeness';
import { IngestActivity, IngestAttributedQueries, IngestDecisions } from '../../app/ingest';
import { CheckpointSigner } from '../../domain/checkpoint';
import { UserRolesDirectory } from '../../domain/user-roles';
import { UserRolesFollower } from './user-roles.follower';
import { AuditDb } from '../postgres/audit-db';
import { CheckpointStore } from '../postgres/checkpoint-store';
import { CompletenessStore } from '../postgres/completeness-store';

export const AUDIT_RUNTIME_OPTIONS = Symbol('AUDIT_RUNTIME_OPTIONS');

export interface AuditRuntimeOptions {
  topic: TopicSpec<query.AttributedQuery>;
  groupId: string;
  /** The completeness index of `topic` (its own group) and how often the whole log is checked (0: never). */
  completenessGroupId: string;
  completenessIntervalMs: number;
  /** Actions (ADR 0018), consumed in their own group. */
  activityTopic: TopicSpec<audit.ActivityEvent>;
  activityGroupId: string;
  /** The decision log, consumed in its own group. */
  decisionTopic: TopicSpec<authorization.AccessDecisionRecord>;
  decisionGroupId: string;
  /** Followed from offset 0 for the roles directory. */
  usersTopic: TopicSpec<registration.UserEvent>;
  usersGroupIdPrefix: string;
  checkpointTopic: TopicSpec<audit.AuditCheckpoint>;
  /** Notifications to subscribed citizens (ADR 0025), written through the outbox. */
  citizenNotificationTopic: TopicSpec<audit.CitizenNotification>;
  checkpointIntervalMs: number;
  chunkSize: number;
  /** Group members in this process. */
  consumers: number;
}

@Injectable()
export class AuditLogRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new JsonLogger('audit-log');
  private consumers: IdempotentConsumer<query.AttributedQuery, PoolClient>[] = [];
  private others: Array<IdempotentConsumer<audit.ActivityEvent, PoolClient> | IdempotentConsumer<authorization.AccessDecisionRecord, PoolClient>> = [];
  private roles?: UserRolesFollower;
  private relay?: OutboxRelay<unknown>;
  private writer?: CheckpointWriter;
  private indexer?: TopicIndexer;

  constructor(
    private readonly platform: KafkaPlatform,
    private readonly db: AuditDb,
    private readonly ingest: IngestAttributedQueries,
    private readonly ingestActivity: IngestActivity,
    private readonly ingestDecisions: IngestDecisions,
    private readonly directory: UserRolesDirectory,
    private readonly checkpoints: CheckpointStore,
    private readonly signer: CheckpointSigner,
    private readonly completenessStore: CompletenessStore,
    private readonly completeness: CompletenessCheck,
    @Inject(AUDIT_RUNTIME_OPTIONS) private readonly opts: AuditRuntimeOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.log.log(`checkpoint public key ${this.signer.keyId} (Ed25519, SPKI DER base64): ${this.signer.publicKeyBase64()}`);
    if (await this.db.mayAlterLog()) {
      this.log.warn('the database role may UPDATE or DELETE audit records (only the triggers stop it): connect as inkijk_audit_writer');
    }
    await this.platform.ensureTopics([this.opts.topic, this.opts.activityTopic, this.opts.decisionTopic, this.opts.checkpointTopic, this.opts.citizenNotificationTopic]);
    const transactor = pgTransactor(this.db.pool);
    const relay = new OutboxRelay(transactor, this.platform.sender);
    this.relay = relay;
    relay.start();
    this.writer = new CheckpointWriter(transactor, this.checkpoints, this.signer, this.opts.checkpointTopic, () => relay.nudge());
    this.writer.start(this.opts.checkpointIntervalMs);
    // The inbox claims and the chain append share one pg transaction. (Prisma's interactive
    // transaction, prismaTransactor, measured 35% slower per chunk for the same raw SQL.)
    const inbox = new Inbox(pgTransactor(this.db.pool));
    // Several members of the group in this process: their partitions' chunks overlap, so one
    // chunk's hashing runs while another's insert runs in PostgreSQL (the platform consumer
    // handles one partition at a time). Started together, so they join in one generation.
    this.consumers = await Promise.all(
      Array.from({ length: this.opts.consumers }, () =>
        this.platform.consume<query.AttributedQuery, PoolClient>({
          topic: this.opts.topic,
          groupId: this.opts.groupId,
          inbox,
          eventIdOf: (v) => v.eventId,
          handle: (records, client) => this.ingest.handle(records.map((r) => r.value), client),
          chunkSize: this.opts.chunkSize,
        }),
      ),
    );
    this.log.log(`consuming ${this.opts.topic.name} as ${this.opts.groupId} (${this.opts.consumers} member(s))`);
    // Actions and decision records: fewer than queries, one member each. Their topics have
    // several partitions per chain, so these and the query consumers append to one chain
    // concurrently: the store's per-chain lock orders them.
    this.others = await Promise.all([
      this.platform.consume<audit.ActivityEvent, PoolClient>({
        topic: this.opts.activityTopic,
        groupId: this.opts.activityGroupId,
        inbox,
        eventIdOf: (v) => v.eventId,
        handle: (records, client) => this.ingestActivity.handle(records.map((r) => r.value), client),
        chunkSize: this.opts.chunkSize,
      }),
      this.platform.consume<authorization.AccessDecisionRecord, PoolClient>({
        topic: this.opts.decisionTopic,
        groupId: this.opts.decisionGroupId,
        inbox,
        eventIdOf: (v) => v.decisionId,
        handle: (records, client) => this.ingestDecisions.handle(records.map((r) => r.value), client),
        chunkSize: this.opts.chunkSize,
      }),
    ]);
    this.log.log(`consuming ${this.opts.activityTopic.name} as ${this.opts.activityGroupId}, ${this.opts.decisionTopic.name} as ${this.opts.decisionGroupId}`);
    this.roles = new UserRolesFollower({
      kafka: this.platform.kafka,
      topic: this.opts.usersTopic,
      groupIdPrefix: this.opts.usersGroupIdPrefix,
      deadLetters: this.platform.sender,
      status: this.platform.status,
      directory: this.directory,
    });
    await this.roles.start();
    this.indexer = new TopicIndexer(this.platform.kafka, this.opts.topic, this.opts.completenessGroupId, this.completenessStore, this.platform.status);
    await this.indexer.start();
    this.completeness.start(this.opts.completenessIntervalMs);
  }

  /** Stop taking records before the database closes (AuditDb closes in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.writer?.stop();
    this.relay?.stop();
    this.completeness.stop();
    await Promise.all([...this.consumers, ...this.others, ...(this.indexer ? [this.indexer] : [])].map((c) => c.stop()));
    await this.roles?.stop();
  }

  onApplicationShutdown(): void {
    this.writer?.stop();
    this.relay?.stop();
  }

  /** For tests and the benchmark. */
  get consumerStats() {
    return this.sum(this.consumers);
  }

  /** The action and decision consumers' figures. */
  get otherStats() {
    return this.sum(this.others);
  }

  get rolesFollower(): UserRolesFollower | undefined {
    return this.roles;
  }

  private sum(consumers: ReadonlyArray<{ stats: { processed: number; duplicates: number; parked: number } }>) {
    return consumers.reduce((sum, c) => ({ processed: sum.processed + c.stats.processed, duplicates: sum.duplicates + c.stats.duplicates, parked: sum.parked + c.stats.parked }), { processed: 0, duplicates: 0, parked: 0 });
  }

  get checkpointWriter(): CheckpointWriter | undefined {
    return this.writer;
  }
}

