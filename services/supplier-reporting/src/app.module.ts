import { DynamicModule, Inject, Module, Provider, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConsumerGroups, query } from '@inkijk/contracts';
import { KafkaTopicOffsets, TopicIndexer, HealthRegistry, KafkaPlatform, OutboxRelay, prismaTransactor, verifierFromConfig, openApiController, ServicePlatformModule } from '@inkijk/platform';
import { Downloads } from './app/downloads';
import { UsageIngest } from './app/ingest';
import { Clock, systemClock } from './app/ports';
import { ReportBuilds } from './app/report-builds';
import { ReportReads } from './app/report-reads';
import { FeedsController, ReportsController } from './adapters/http/reports.controller';
import { OPENAPI } from './adapters/http/routes';
import { KafkaActionLog } from './adapters/kafka/activity-log';
import { KafkaFeedOutbox } from './adapters/kafka/feed-outbox';
import { KafkaProtocolOutbox } from './adapters/kafka/protocol-outbox';
import { ReportingRuntime } from './adapters/kafka/reporting-runtime';
import { REPORTING_GROUPS, REPORTING_TOPICS, ReportingGroups, ReportingTopics } from './adapters/kafka/reporting-topics';
import { ReportingDb } from './adapters/prisma/prisma.service';
import { PgReportingStore } from './adapters/postgres/reporting-store';
import { PgCompletenessStore } from './adapters/postgres/completeness-store';
import { ReportingCompletenessCheck } from './app/completeness';
import { Pool } from 'pg';
import type { SupplierReportingConfig } from './config';
import { SignalsController } from './adapters/http/signals.controller';
import { SIGNAL_TOPICS, SignalGroups, SignalsRuntime, SignalsOutbox, SignalTopics } from './adapters/kafka/signals-runtime';
import { PgSignalStore } from './adapters/postgres/signal-store';
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
    private readonly completenessStore: PgCompletenessStore,
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
        ServicePlatformModule.forService({ config, clientId: config.KAFKA_CLIENT_ID ?? 'supplier-reporting', verifier: verifierFromConfig(config), accountChangesGroupIdPrefix: ConsumerGroups.reportingAccountChanges }),
      ],
      controllers: [ReportsController, FeedsController, SignalsController, openApiController(OPENAPI)],
      providers: [
        { provide: ReportingDb, useFactory: () => new ReportingDb(config.DATABASE_URL) },
        { provide: PgReportingStore, useFactory: () => new PgReportingStore() },
        {
          provide: PgCompletenessStore,
          useFactory: () => {
            const pool = new Pool({ connectionString: config.DATABASE_URL, max: 3 });
            pool.on('error', () => undefined); // an idle client cut by a database restart: dropped, not fatal
            return new PgCompletenessStore(pool);
          },
        },
        {
          provide: ReportingCompletenessCheck,
          useFactory: (store: PgCompletenessStore, platform: KafkaPlatform) =>
            new ReportingCompletenessCheck(store, new KafkaTopicOffsets(platform.kafka), { topic: topics.attributedQueries.name, group: groups.attributedQueries, indexWaitMs: config.REPORT_COMPLETENESS_INDEX_WAIT_MS }),
          inject: [PgCompletenessStore, KafkaPlatform],
        },
        { provide: COMPLETENESS_OPTIONS, useValue: { topic: topics.attributedQueries, group: groups.completeness, intervalMs: config.REPORT_COMPLETENESS_INTERVAL_MS } satisfies CompletenessOptions },
        {
          provide: OutboxRelay,
          useFactory: (db: ReportingDb, platform: KafkaPlatform) => new OutboxRelay(prismaTransactor(db), platform.sender, { pollMs: 1000 }),
          inject: [ReportingDb, KafkaPlatform],
        },
        { provide: UsageIngest, useFactory: (store: PgReportingStore, relay: OutboxRelay<unknown>) => new UsageIngest(store, new KafkaProtocolOutbox(topics, relay)), inject: [PgReportingStore, OutboxRelay] },
        {
          provide: ReportBuilds,
          useFactory: (db: ReportingDb, store: PgReportingStore, relay: OutboxRelay<unknown>) =>
            new ReportBuilds(prismaTransactor(db), store, new KafkaFeedOutbox(topics, relay), options.clock ?? systemClock, query.SupplierValues),
          inject: [ReportingDb, PgReportingStore, OutboxRelay],
        },
        {
          provide: ReportReads,
          useFactory: (db: ReportingDb, store: PgReportingStore, builds: ReportBuilds) => new ReportReads(prismaTransactor(db), store, builds),
          inject: [ReportingDb, PgReportingStore, ReportBuilds],
        },
        { provide: Downloads, useFactory: (platform: KafkaPlatform) => new Downloads(new KafkaActionLog(platform.sender, topics.activity)), inject: [KafkaPlatform] },
        ...signalProviders(config, options, topics),
        {
          provide: ReportingRuntime,
          useFactory: (platform: KafkaPlatform, db: ReportingDb, ingest: UsageIngest, builds: ReportBuilds, relay: OutboxRelay<unknown>) =>
            new ReportingRuntime(platform, db, ingest, builds, relay, {
              topics,
              groups,
              chunkSize: config.REPORT_INGEST_CHUNK_SIZE,
              schedulerIntervalMs: config.REPORT_SCHEDULER_INTERVAL_MS,
            }),
          inject: [KafkaPlatform, ReportingDb, UsageIngest, ReportBuilds, OutboxRelay],
        },
      ],
      exports: [ReportBuilds, ReportReads, ReportingRuntime, ReportingDb, ReportingCompletenessCheck, SignalsRuntime, SignalEngine],
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
    { provide: PgSignalStore, useFactory: () => new PgSignalStore() },
    {
      provide: SignalsRuntime,
      useFactory: (platform: KafkaPlatform, db: ReportingDb, engine: SignalEngine, store: PgSignalStore, relay: OutboxRelay<unknown>) =>
        new SignalsRuntime(platform, db, engine, store, relay, { topics: signalTopics, groups: signalGroups, chunkSize: config.REPORT_INGEST_CHUNK_SIZE, warmUpMs: config.SIGNAL_WARM_UP_MS }),
      inject: [KafkaPlatform, ReportingDb, SignalEngine, PgSignalStore, OutboxRelay],
    },
    {
      provide: SignalReview,
      useFactory: (db: ReportingDb, store: PgSignalStore, platform: KafkaPlatform) =>
        new SignalReview(prismaTransactor(db), store, new SignalsOutbox(signalTopics), new KafkaActionLog(platform.sender, topics.activity), options.clock ?? systemClock),
      inject: [ReportingDb, PgSignalStore, KafkaPlatform],
    },
  ];
}
