import { DynamicModule, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { audit, authorization, ConsumerGroups, query, registration, topics, TopicSpec } from '@inkijk/contracts';
import { ActivityRecorder, CitizenTokenVerifier, KafkaTopicOffsets, decodeKey, DurableSender, HealthRegistry, KafkaPlatform, openApiController, verifierFromConfig, ServicePlatformModule } from '@inkijk/platform';
import { AuditController } from './adapters/http/audit.controller';
import { CITIZEN_VERIFIER, CitizenController } from './adapters/http/citizen.controller';
import { OPENAPI } from './adapters/http/routes';
import { AUDIT_RUNTIME_OPTIONS, AuditLogRuntime, AuditRuntimeOptions } from './adapters/kafka/audit-log.runtime';
import { AuditDb } from './adapters/postgres/audit-db';
import { AuditStore } from './adapters/postgres/audit-store';
import { CheckpointStore } from './adapters/postgres/checkpoint-store';
import { CitizenSubscriptionStore } from './adapters/postgres/citizen-subscription-store';
import { CompletenessStore } from './adapters/postgres/completeness-store';
import { CompletenessCheck } from './app/completeness';
import { AuditQueries } from './app/audit-queries';
import { CitizenNotifications } from './app/citizen-notifications';
import { IngestActivity, IngestAttributedQueries, IngestDecisions } from './app/ingest';
import { AuditVerifier } from './app/verify-log';
import type { AuditLogConfig } from './config';
import { CheckpointSigner } from './domain/checkpoint';
import { parseWithholding } from './domain/citizen-view';
import { UserRolesDirectory } from './domain/user-roles';

/** Overrides for tests and benchmarks (own topics and consumer group on a shared broker). */
export interface AuditLogOverrides {
  topic?: TopicSpec<query.AttributedQuery>;
  checkpointTopic?: TopicSpec<audit.AuditCheckpoint>;
  /** Where notifications to subscribed citizens go (default inkijk.audit.citizen-notifications.v1). */
  citizenNotificationTopic?: TopicSpec<audit.CitizenNotification>;
  groupId?: string;
  /** The completeness index's consumer group (default audit-log.completeness). */
  completenessGroupId?: string;
  activityTopic?: TopicSpec<audit.ActivityEvent>;
  activityGroupId?: string;
  decisionTopic?: TopicSpec<authorization.AccessDecisionRecord>;
  decisionGroupId?: string;
  usersTopic?: TopicSpec<registration.UserEvent>;
  /** Sends the records of reads of the log (default the platform's durable sender, to inkijk.audit.activity.v1). */
  activitySender?: DurableSender;
  clientId?: string;
}

/** Audit log: every attributed query, action and decision record in an append-only, hash-chained store. */
@Module({})
export class AuditLogModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly health: HealthRegistry,
    private readonly db: AuditDb,
    private readonly verifier: AuditVerifier,
  ) {}

  static forConfig(config: AuditLogConfig, overrides: AuditLogOverrides = {}): DynamicModule {
    const runtime: AuditRuntimeOptions = {
      topic: overrides.topic ?? topics.attributedQueries,
      checkpointTopic: overrides.checkpointTopic ?? topics.auditCheckpoints,
      citizenNotificationTopic: overrides.citizenNotificationTopic ?? topics.citizenNotifications,
      groupId: overrides.groupId ?? ConsumerGroups.auditLog,
      completenessGroupId: overrides.completenessGroupId ?? ConsumerGroups.auditLogCompleteness,
      completenessIntervalMs: config.AUDIT_COMPLETENESS_INTERVAL_MS,
      activityTopic: overrides.activityTopic ?? topics.activity,
      activityGroupId: overrides.activityGroupId ?? ConsumerGroups.auditLogActivity,
      decisionTopic: overrides.decisionTopic ?? topics.decisions,
      decisionGroupId: overrides.decisionGroupId ?? ConsumerGroups.auditLogDecisions,
      usersTopic: overrides.usersTopic ?? topics.users,
      // Part of following the account changes: a group of its own per process, nothing committed.
      usersGroupIdPrefix: `${ConsumerGroups.auditLogAccountChanges}.roles`,
      checkpointIntervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
      chunkSize: config.AUDIT_INGEST_CHUNK_SIZE,
      consumers: config.AUDIT_INGEST_CONSUMERS,
    };
    return {
      module: AuditLogModule,
      imports: [
        ServicePlatformModule.forService({ config, clientId: overrides.clientId ?? config.KAFKA_CLIENT_ID ?? 'audit-log', verifier: verifierFromConfig(config), accountChangesGroupIdPrefix: ConsumerGroups.auditLogAccountChanges }),
      ],
      controllers: [AuditController, CitizenController, openApiController(OPENAPI)],
      providers: [
        { provide: AuditDb, useFactory: () => new AuditDb(config.DATABASE_URL) },
        { provide: AuditStore, useFactory: (db: AuditDb) => new AuditStore(db.pool), inject: [AuditDb] },
        { provide: CheckpointStore, useFactory: (db: AuditDb) => new CheckpointStore(db.pool), inject: [AuditDb] },
        { provide: CompletenessStore, useFactory: (db: AuditDb) => new CompletenessStore(db.pool), inject: [AuditDb] },
        {
          provide: CompletenessCheck,
          useFactory: (store: CompletenessStore, platform: KafkaPlatform) =>
            new CompletenessCheck(store, new KafkaTopicOffsets(platform.kafka), { topic: runtime.topic.name, auditGroupId: runtime.groupId, indexWaitMs: config.AUDIT_COMPLETENESS_INDEX_WAIT_MS }),
          inject: [CompletenessStore, KafkaPlatform],
        },
        { provide: CITIZEN_VERIFIER, useValue: config.CITIZEN_JWKS ? new CitizenTokenVerifier(JSON.parse(config.CITIZEN_JWKS) as { keys: [] }) : null },
        { provide: CheckpointSigner, useFactory: () => CheckpointSigner.fromBase64Pkcs8(config.AUDIT_CHECKPOINT_KEY) },
        { provide: UserRolesDirectory, useValue: new UserRolesDirectory() },
        {
          provide: AuditQueries,
          useFactory: (store: AuditStore, platform: KafkaPlatform, roles: UserRolesDirectory) => {
            const recorder = new ActivityRecorder('audit-log', overrides.activitySender ?? platform.sender);
            return new AuditQueries(store, decodeKey(config.SUBJECT_PSEUDONYM_KEY), (a) => recorder.record(a), (userId) => roles.rolesOf(userId), parseWithholding(config.CITIZEN_WITHHOLD));
          },
          inject: [AuditStore, KafkaPlatform, UserRolesDirectory],
        },
        {
          provide: AuditVerifier,
          useFactory: (store: AuditStore, signer: CheckpointSigner) => new AuditVerifier(store, config.DATABASE_URL, signer.publicKey),
          inject: [AuditStore, CheckpointSigner],
        },
        { provide: CitizenSubscriptionStore, useFactory: (db: AuditDb) => new CitizenSubscriptionStore(db.pool), inject: [AuditDb] },
        {
          provide: CitizenNotifications,
          useFactory: (store: CitizenSubscriptionStore) => new CitizenNotifications(store, parseWithholding(config.CITIZEN_WITHHOLD), runtime.citizenNotificationTopic),
          inject: [CitizenSubscriptionStore],
        },
        {
          provide: IngestAttributedQueries,
          useFactory: (store: AuditStore, notifications: CitizenNotifications) => new IngestAttributedQueries(store, (events, tx) => notifications.onQueries(events, tx)),
          inject: [AuditStore, CitizenNotifications],
        },
        { provide: IngestActivity, useFactory: (store: AuditStore) => new IngestActivity(store), inject: [AuditStore] },
        { provide: IngestDecisions, useFactory: (store: AuditStore) => new IngestDecisions(store), inject: [AuditStore] },
        { provide: AUDIT_RUNTIME_OPTIONS, useValue: runtime },
        AuditLogRuntime,
      ],
      exports: [AuditDb, AuditLogRuntime, CompletenessCheck, CompletenessStore],
    };
  }

  onModuleInit(): void {
    this.health.register(this.db);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.verifier.close();
  }
}
