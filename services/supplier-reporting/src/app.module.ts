import { DynamicModule, Inject, Module, Provider, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConsumerGroups, query } from '@inkijk/contracts';
import { AuthModule, KafkaTopicOffsets, TopicIndexer, HealthModule, MetricsModule, HealthRegistry, KafkaPlatform, KafkaPlatformModule, OutboxRelay, prismaTransactor, verifierFromConfig, kafkaCredentialsOf, openApiController } from '@inkijk/platform';
import { Downloads } from './app/downloads';
import { UsageIngest } from './app/ingest';
import { Clock, systemClock } from './app/ports';
import { ReportService } from './app/report-service';
import { FeedsController, ReportsController } from './adapters/http/reports.controller';
import { OPENAPI } from './adapters/http/routes';
import { KafkaActionLog } from './adapters/kafka/activity-log';
import { KafkaFeedOutbox } from './adapters/kafka/feed-outbox';
import { KafkaProtocolOutbox } from './adapters/kafka/protocol-outbox';
import { ReportingRuntime } from './adapters/kafka/reporting-runtime';
import { REPORTING_GROUPS, REPORTING_TOPICS, ReportingGroups, ReportingTopics } from './adapters/kafka/reporting-topics';
import { ReportingDb } from './adapters/prisma/prisma.service';
import { ReportingStore } from './adapters/prisma/reporting-store';
import { CompletenessStore } from './adapters/prisma/completeness-store';
import { ReportingCompletenessCheck } from './app/completeness';
import { Pool } from 'pg';
import type { SupplierReportingConfig } from './config';
import { SignalsController } from './adapters/http/signals.controller';
import { SIGNAL_TOPICS, SignalGroups, SignalsRuntime, SignalsOutbox, SignalTopics } from './adapters/kafka/signals-runtime';
import { SignalStore } from './adapters/prisma/signal-store';
import { SignalReview } from './app/signals';
import { SignalEngine } from './domain/signals/engine';

/** What tests (and only tests) replace: topics and groups of their own run, a fixed clock. */
export interface SupplierReportingOptions {
  topics?: Partial<ReportingTopics>;
  groups?: Partial<ReportingGroups>;
  clock?: Clock;
  /** The signals topic and groups of a test run (ADR 0021). */
  signals?: { topic?: SignalTopics['signals']; groups?: SignalGroups };
}

const COMPLETENESS_OPTIONS = Symbol('COMPLETENESS_OPTIONS');
interface CompletenessOptions {
  topic: ReportingTopics['attributedQueries'];
  group: string;
  intervalMs: number;
}

/** Supplier reporting: usage aggregates, generic and specific reports, supplier feeds. */
@Module({})
export class SupplierReportingModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly health: HealthRegistry,
    private readonly db: ReportingDb,
    @Inject(ReportingRuntime) private readonly runtime: ReportingRuntime,
    private readonly completenessStore: CompletenessStore,
    private readonly completeness: ReportingCompletenessCheck,
    private readonly platform: KafkaPlatform,
    @Inject(COMPLETENESS_OPTIONS) private readonly completenessOpts: CompletenessOptions,
    private readonly signals: SignalsRuntime,
  ) {}

  private indexer?: TopicIndexer;

  static forConfig(config: SupplierReportingConfig, options: SupplierReportingOptions = {}): DynamicModule {
    const topics: ReportingTopics = { ...REPORTING_TOPICS, ...options.topics };
    // A test's own attributed-query group gets its own completeness group.
    const completenessGroup = options.groups?.completeness ?? (options.groups?.attributedQueries ? `${options.groups.attributedQueries}.completeness` : REPORTING_GROUPS.completeness);
    const groups: ReportingGroups = { ...REPORTING_GROUPS, ...options.groups, completeness: completenessGroup };
    return {
      module: SupplierReportingModule,
      imports: [
        HealthModule,
        MetricsModule.forToken(config.METRICS_TOKEN),
        AuthModule.forVerifier(verifierFromConfig(config), { accountChanges: { groupIdPrefix: ConsumerGroups.reportingAccountChanges } }),
        KafkaPlatformModule.forRoot({ clientId: config.KAFKA_CLIENT_ID ?? 'supplier-reporting', brokers: config.KAFKA_BROKERS, credentials: kafkaCredentialsOf(config) }),
      ],
      controllers: [ReportsController, FeedsController, SignalsController, openApiController(OPENAPI)],
      providers: [
        { provide: ReportingDb, useFactory: () => new ReportingDb(config.DATABASE_URL) },
        { provide: ReportingStore, useFactory: () => new ReportingStore() },
        {
          provide: CompletenessStore,
          useFactory: () => {
            const pool = new Pool({ connectionString: config.DATABASE_URL, max: 3 });
            pool.on('error', () => undefined); // an idle client cut by a database restart: dropped, not fatal
            return new CompletenessStore(pool);
          },
        },
        {
          provide: ReportingCompletenessCheck,
          useFactory: (store: CompletenessStore, platform: KafkaPlatform) =>
            new ReportingCompletenessCheck(store, new KafkaTopicOffsets(platform.kafka), { topic: topics.attributedQueries.name, group: groups.attributedQueries, indexWaitMs: config.REPORT_COMPLETENESS_INDEX_WAIT_MS }),
          inject: [CompletenessStore, KafkaPlatform],
        },
        { provide: COMPLETENESS_OPTIONS, useValue: { topic: topics.attributedQueries, group: groups.completeness, intervalMs: config.REPORT_COMPLETENESS_INTERVAL_MS } satisfies CompletenessOptions },
        {
          provide: OutboxRelay,
          useFactory: (db: ReportingDb, platform: KafkaPlatform) => new OutboxRelay(prismaTransactor(db), platform.sender, { pollMs: 1000 }),
          inject: [ReportingDb, KafkaPlatform],
        },
        { provide: UsageIngest, useFactory: (store: ReportingStore, relay: OutboxRelay<unknown>) => new UsageIngest(store, new KafkaProtocolOutbox(topics, relay)), inject: [ReportingStore, OutboxRelay] },
        {
          provide: ReportService,
          useFactory: (db: ReportingDb, store: ReportingStore, relay: OutboxRelay<unknown>) =>
            new ReportService(prismaTransactor(db), store, new KafkaFeedOutbox(topics, relay), options.clock ?? systemClock, query.SupplierValues),
          inject: [ReportingDb, ReportingStore, OutboxRelay],
        },
        { provide: Downloads, useFactory: (platform: KafkaPlatform) => new Downloads(new KafkaActionLog(platform.sender, topics.activity)), inject: [KafkaPlatform] },
        ...signalProviders(config, options, topics),
        {
          provide: ReportingRuntime,
          useFactory: (platform: KafkaPlatform, db: ReportingDb, ingest: UsageIngest, reports: ReportService, relay: OutboxRelay<unknown>) =>
            new ReportingRuntime(platform, db, ingest, reports, relay, {
              topics,
              groups,
              chunkSize: config.REPORT_INGEST_CHUNK_SIZE,
              schedulerIntervalMs: config.REPORT_SCHEDULER_INTERVAL_MS,
            }),
          inject: [KafkaPlatform, ReportingDb, UsageIngest, ReportService, OutboxRelay],
        },
      ],
      exports: [ReportService, ReportingRuntime, ReportingDb, ReportingCompletenessCheck, SignalsRuntime, SignalEngine],
    };
  }

  onModuleInit(): void {
    this.health.register(this.db);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
    await this.signals.start();
    this.indexer = new TopicIndexer(this.platform.kafka, this.completenessOpts.topic, this.completenessOpts.group, this.completenessStore, this.platform.status);
    await this.indexer.start();
    this.completeness.start(this.completenessOpts.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.completeness.stop();
    await this.indexer?.stop();
    this.signals.stop();
    await this.runtime.stop();
    await this.completenessStore.close();
  }
}

/** The misuse-signal detectors, their store and the review (issue 22, ADR 0021). */
function signalProviders(config: SupplierReportingConfig, options: SupplierReportingOptions, topics: ReportingTopics): Provider[] {
  const signalTopics: SignalTopics = { attributedQueries: topics.attributedQueries, activity: topics.activity, signals: options.signals?.topic ?? SIGNAL_TOPICS.signals };
  // A test's own groups get signal groups of their own.
  const signalGroups: SignalGroups = options.signals?.groups ?? {
    queries: options.groups?.attributedQueries ? `${options.groups.attributedQueries}.signals` : ConsumerGroups.signalsQueries,
    activity: options.groups?.activity ? `${options.groups.activity}.signals` : ConsumerGroups.signalsActivity,
  };
  return [
    { provide: SignalEngine, useFactory: () => new SignalEngine(config.signalThresholds) },
    { provide: SignalStore, useFactory: () => new SignalStore() },
    {
      provide: SignalsRuntime,
      useFactory: (platform: KafkaPlatform, db: ReportingDb, engine: SignalEngine, store: SignalStore, relay: OutboxRelay<unknown>) =>
        new SignalsRuntime(platform, db, engine, store, relay, { topics: signalTopics, groups: signalGroups, chunkSize: config.REPORT_INGEST_CHUNK_SIZE, warmUpMs: config.SIGNAL_WARM_UP_MS }),
      inject: [KafkaPlatform, ReportingDb, SignalEngine, SignalStore, OutboxRelay],
    },
    {
      provide: SignalReview,
      useFactory: (db: ReportingDb, store: SignalStore, platform: KafkaPlatform) =>
        new SignalReview(prismaTransactor(db), store, new SignalsOutbox(signalTopics), new KafkaActionLog(platform.sender, topics.activity), options.clock ?? systemClock),
      inject: [ReportingDb, SignalStore, KafkaPlatform],
    },
  ];
}
