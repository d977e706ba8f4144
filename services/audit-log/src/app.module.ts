import { DynamicModule, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { audit, ConsumerGroups, query, topics, TopicSpec } from '@inkijk/contracts';
import { AuthModule, decodeKey, HealthModule, MetricsModule, HealthRegistry, KafkaPlatformModule, openApiController, verifierFromConfig, kafkaCredentialsOf } from '@inkijk/platform';
import { AuditController } from './adapters/http/audit.controller';
import { OPENAPI } from './adapters/http/routes';
import { AUDIT_RUNTIME_OPTIONS, AuditLogRuntime, AuditRuntimeOptions } from './adapters/kafka/audit-log.runtime';
import { AuditDb } from './adapters/prisma/audit-db';
import { AuditStore } from './adapters/prisma/audit-store';
import { CheckpointStore } from './adapters/prisma/checkpoint-store';
import { AuditQueries } from './app/audit-queries';
import { IngestAttributedQueries } from './app/ingest';
import { AuditVerifier } from './app/verify-log';
import type { AuditLogConfig } from './config';
import { CheckpointSigner } from './domain/checkpoint';

/** Overrides for tests and benchmarks (own topics and consumer group on a shared broker). */
export interface AuditLogOverrides {
  topic?: TopicSpec<query.AttributedQuery>;
  checkpointTopic?: TopicSpec<audit.AuditCheckpoint>;
  groupId?: string;
  clientId?: string;
}

/** Audit log: every attributed query in an append-only, hash-chained store. */
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
      groupId: overrides.groupId ?? ConsumerGroups.auditLog,
      checkpointIntervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
      chunkSize: config.AUDIT_INGEST_CHUNK_SIZE,
      consumers: config.AUDIT_INGEST_CONSUMERS,
    };
    return {
      module: AuditLogModule,
      imports: [
        HealthModule,
        MetricsModule.forToken(config.METRICS_TOKEN),
        AuthModule.forVerifier(verifierFromConfig(config), { accountChanges: { groupIdPrefix: ConsumerGroups.auditLogAccountChanges } }),
        KafkaPlatformModule.forRoot({ clientId: overrides.clientId ?? config.KAFKA_CLIENT_ID ?? 'audit-log', brokers: config.KAFKA_BROKERS, credentials: kafkaCredentialsOf(config) }),
      ],
      controllers: [AuditController, openApiController(OPENAPI)],
      providers: [
        { provide: AuditDb, useFactory: () => new AuditDb(config.DATABASE_URL) },
        { provide: AuditStore, useFactory: (db: AuditDb) => new AuditStore(db.pool), inject: [AuditDb] },
        { provide: CheckpointStore, useFactory: (db: AuditDb) => new CheckpointStore(db.pool), inject: [AuditDb] },
        { provide: CheckpointSigner, useFactory: () => CheckpointSigner.fromBase64Pkcs8(config.AUDIT_CHECKPOINT_KEY) },
        { provide: AuditQueries, useFactory: (store: AuditStore) => new AuditQueries(store, decodeKey(config.SUBJECT_PSEUDONYM_KEY)), inject: [AuditStore] },
        {
          provide: AuditVerifier,
          useFactory: (store: AuditStore, signer: CheckpointSigner) => new AuditVerifier(store, config.DATABASE_URL, signer.publicKey),
          inject: [AuditStore, CheckpointSigner],
        },
        { provide: IngestAttributedQueries, useFactory: (store: AuditStore) => new IngestAttributedQueries(store), inject: [AuditStore] },
        { provide: AUDIT_RUNTIME_OPTIONS, useValue: runtime },
        AuditLogRuntime,
      ],
      exports: [AuditDb, AuditLogRuntime],
    };
  }

  onModuleInit(): void {
    this.health.register(this.db);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.verifier.close();
  }
}
