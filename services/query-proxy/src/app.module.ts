import { DynamicModule, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConsumerGroups, topics, TopicSpec } from '@inkijk/contracts';
import type { audit, authorization, query } from '@inkijk/contracts';
import { AuthorizationClient, ReadModel } from '@inkijk/authorization-rules';
import { InProcessAuthorization, KafkaAuthorization, KafkaAuthorizationClient, ReadModelFeeder, RegistrationTopics } from '@inkijk/authorization-rules/kafka';
import { decodeKey, HealthRegistry, HttpAppOptions, KafkaPlatform, openApiController, kafkaCredentialsOf, ServicePlatformModule } from '@inkijk/platform';
import { QueryService } from './app/query.service';
import { QueryAttempts } from './app/query-attempts';
import type { AttributionLog } from './app/ports';
import { activityLog } from './adapters/activity';
import { AuthorizationAdapter } from './adapters/authorization.adapter';
import { DataSubjectForms } from './adapters/data-subjects';
import { LoginController, REGISTRATION_URL } from './adapters/http/login.controller';
import { OPENAPI } from './adapters/http/routes';
import { QueryController } from './adapters/http/query.controller';
import { RememberingTokenVerifier } from './adapters/http/verified-tokens';
import { countedAttributionLog } from './adapters/metrics';
import { Suppliers } from './adapters/suppliers/suppliers';
import type { QueryProxyConfig } from './config';

const CONFIG = Symbol('CONFIG');

/** The gateway runs on Fastify: its HTTP layer is most of a query's CPU (ADR 0012). */
export const HTTP_APP: HttpAppOptions = { service: 'query-proxy', adapter: 'fastify' };

/** Other topics than the catalogue's (tests run against their own copies). */
export interface TopicOverrides {
  registration?: RegistrationTopics;
  attributedQueries?: TopicSpec<query.AttributedQuery>;
  decisions?: TopicSpec<authorization.AccessDecisionRecord>;
  activity?: TopicSpec<audit.ActivityEvent>;
}

/** Inkijk gateway: one login, the keuzelijst, attributed queries to the suppliers. */
@Module({})
export class QueryProxyModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly health: HealthRegistry,
    private readonly adapter: AuthorizationAdapter,
    private readonly suppliers: Suppliers,
  ) {}

  static forConfig(config: QueryProxyConfig, overrides: TopicOverrides = {}): DynamicModule {
    const pseudonymKey = decodeKey(config.SUBJECT_PSEUDONYM_KEY);
    const subjects = new DataSubjectForms(pseudonymKey, decodeKey(config.AUDIT_SEAL_KEY));
    return {
      module: QueryProxyModule,
      imports: [ServicePlatformModule.forService({ config, clientId: 'query-proxy', verifier: new RememberingTokenVerifier(config), accountChangesGroupIdPrefix: ConsumerGroups.gatewayAccountChanges, sender: { sendTimeoutMs: config.LOG_TIMEOUT_MS, lingerMs: config.LOG_LINGER_MS } })],
      controllers: [QueryController, LoginController, openApiController(OPENAPI)],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: REGISTRATION_URL, useValue: config.REGISTRATION_URL },
        { provide: ReadModel, useFactory: () => new ReadModel() },
        {
          provide: ReadModelFeeder,
          inject: [KafkaPlatform, ReadModel],
          useFactory: (platform: KafkaPlatform, model: ReadModel) => new ReadModelFeeder({ kafka: platform.kafka, model, deadLetters: platform.sender, status: platform.status, groupIdPrefix: 'query-proxy.read-model', topics: overrides.registration }),
        },
        {
          provide: InProcessAuthorization,
          inject: [KafkaPlatform, ReadModel, ReadModelFeeder],
          useFactory: (platform: KafkaPlatform, model: ReadModel, feeder: ReadModelFeeder) => new InProcessAuthorization({ model, feeder, sender: platform.sender, pseudonymKey, decisionsTopic: overrides.decisions }),
        },
        {
          provide: AuthorizationAdapter,
          inject: [InProcessAuthorization, ReadModel, ReadModelFeeder],
          useFactory: async (local: InProcessAuthorization, model: ReadModel, feeder: ReadModelFeeder) => {
            let client: AuthorizationClient = local;
            if (config.AUTHORIZATION_MODE === 'kafka') {
              if (!config.BSN_TRANSPORT_KEY) throw new Error('AUTHORIZATION_MODE=kafka needs BSN_TRANSPORT_KEY');
              const remote = new KafkaAuthorizationClient({ brokers: config.KAFKA_BROKERS, credentials: kafkaCredentialsOf(config), clientId: 'query-proxy-authz', transportKey: decodeKey(config.BSN_TRANSPORT_KEY), timeoutMs: config.AUTHORIZATION_TIMEOUT_MS });
              await remote.connect();
              client = new KafkaAuthorization(remote, pseudonymKey);
            }
            return new AuthorizationAdapter(client, local, model, feeder);
          },
        },
        { provide: Suppliers, useFactory: () => new Suppliers(config.SUPPLIERS_URL, { timeoutMs: config.SUPPLIER_TIMEOUT_MS }) },
        {
          provide: QueryAttempts,
          inject: [AuthorizationAdapter, KafkaPlatform],
          useFactory: (adapter: AuthorizationAdapter, platform: KafkaPlatform) => new QueryAttempts(activityLog(platform.sender, overrides.activity), adapter, subjects),
        },
        {
          provide: QueryService,
          inject: [AuthorizationAdapter, Suppliers, KafkaPlatform, QueryAttempts],
          useFactory: (adapter: AuthorizationAdapter, suppliers: Suppliers, platform: KafkaPlatform, attempts: QueryAttempts) => {
            const producer = platform.producerFor(overrides.attributedQueries ?? topics.attributedQueries);
            const log: AttributionLog = countedAttributionLog(config.ATTRIBUTION_LOG === 'off' ? { publish: async () => undefined } : { publish: async (e) => void (await producer.send(e)) });
            return new QueryService(adapter, suppliers, log, subjects, attempts, { processingActivityId: config.PROCESSING_ACTIVITY_ID });
          },
        },
      ],
    };
  }

  async onModuleInit(): Promise<void> {
    this.health.register(this.adapter.feeder);
    await this.adapter.feeder.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.adapter.feeder.stop();
    this.suppliers.close();
  }
}
