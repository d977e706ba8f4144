import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AccessEvaluator, ReadModel } from '@inkijk/authorization-rules';
import { durableDecisionRecorder, EVALUATION_TOPICS, EvaluationTopics, ReadModelFeeder, RegistrationTopics } from '@inkijk/authorization-rules/kafka';
import { ConsumerGroups } from '@inkijk/contracts';
import type { authorization, TopicSpec } from '@inkijk/contracts';
import { HealthRegistry, KafkaPlatform, openApiController, pseudonymise, verifierFromConfig, ServicePlatformModule } from '@inkijk/platform';
import { EvaluationController } from './adapters/http/evaluation.controller';
import { OPENAPI } from './adapters/http/routes';
import { evaluationRpcController } from './adapters/kafka/evaluation.rpc';
import { AUTHORIZATION_CONFIG } from './adapters/tokens';
import type { AuthorizationConfig } from './config';

/** Topic overrides for tests (copies of the catalogue topics under names of one run). */
export interface AuthorizationTopics {
  registration?: RegistrationTopics;
  decisions?: TopicSpec<authorization.AccessDecisionRecord>;
  evaluations?: EvaluationTopics;
}

/**
 * Authorization: one decision per query from an in-memory read model that replays the
 * registration topics from offset 0 at every start; every decision recorded once on the
 * decision log. HTTP (AuthZEN) and Kafka request-reply share one AccessEvaluator.
 */
@Module({})
export class AuthorizationModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(ReadModelFeeder) private readonly feeder: ReadModelFeeder,
  ) {}

  static forConfig(config: AuthorizationConfig, t: AuthorizationTopics = {}): DynamicModule {
    return {
      module: AuthorizationModule,
      imports: [
        ServicePlatformModule.forService({ config, clientId: config.KAFKA_CLIENT_ID ?? 'authorization', verifier: verifierFromConfig(config), accountChangesGroupIdPrefix: ConsumerGroups.authorizationAccountChanges }),
      ],
      controllers: [EvaluationController, openApiController(OPENAPI), evaluationRpcController((t.evaluations ?? EVALUATION_TOPICS).requests.name)],
      providers: [
        { provide: AUTHORIZATION_CONFIG, useValue: config },
        { provide: ReadModel, useFactory: () => new ReadModel() },
        {
          provide: ReadModelFeeder,
          inject: [KafkaPlatform, ReadModel],
          useFactory: (platform: KafkaPlatform, model: ReadModel) =>
            new ReadModelFeeder({ kafka: platform.kafka, model, deadLetters: platform.sender, status: platform.status, topics: t.registration }),
        },
        {
          provide: AccessEvaluator,
          inject: [KafkaPlatform, ReadModel, ReadModelFeeder],
          useFactory: (platform: KafkaPlatform, model: ReadModel, feeder: ReadModelFeeder) =>
            new AccessEvaluator(model, {
              recorder: durableDecisionRecorder(platform.sender, t.decisions),
              pseudonymise: (bsn) => pseudonymise(bsn, config.pseudonymKey),
              readModelOffsets: () => feeder.offsets(),
              isReady: () => feeder.isReady(),
            }),
        },
      ],
      exports: [ReadModel, ReadModelFeeder, AccessEvaluator],
    };
  }

  /** Starts replaying; /health/ready reports "down" until the model has caught up. */
  async onModuleInit(): Promise<void> {
    this.health.register(this.feeder);
    await this.feeder.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feeder.stop();
  }
}
