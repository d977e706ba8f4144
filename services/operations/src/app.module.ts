import { DynamicModule, Module } from '@nestjs/common';
import { ConsumerGroups } from '@inkijk/contracts';
import { KafkaPlatform, openApiController, verifierFromConfig, ServicePlatformModule } from '@inkijk/platform';
import { DeadLetterRequests } from './app/dead-letter-requests';
import { DeadLettersController } from './adapters/http/dead-letters.controller';
import { StatusController } from './adapters/http/status.controller';
import { HttpAndKafkaStatusProbes } from './adapters/status-probes';
import { StatusReport } from './app/status';
import { OPENAPI } from './adapters/http/routes';
import { KafkaActionLog } from './adapters/kafka/action-log';
import { KafkaDeadLetterStore } from './adapters/kafka/dead-letter-store';
import { OPERATIONS_CONFIG } from './adapters/tokens';
import type { OperationsConfig } from './config';

/**
 * Operations: the security officer's dead-letter list and replay, on the service's own broker
 * principal (`operations`). No database: the dead letters and their replays are on the broker.
 * Follows the account changes like every service that accepts login tokens (ADR 0017).
 */
@Module({})
export class OperationsModule {
  static forConfig(config: OperationsConfig): DynamicModule {
    return {
      module: OperationsModule,
      imports: [
        ServicePlatformModule.forService({ config, clientId: config.KAFKA_CLIENT_ID ?? 'operations', verifier: verifierFromConfig(config), accountChangesGroupIdPrefix: ConsumerGroups.operationsAccountChanges }),
      ],
      controllers: [DeadLettersController, StatusController, openApiController(OPENAPI)],
      providers: [
        { provide: OPERATIONS_CONFIG, useValue: config },
        {
          provide: HttpAndKafkaStatusProbes,
          inject: [KafkaPlatform],
          useFactory: (platform: KafkaPlatform) => new HttpAndKafkaStatusProbes(platform, { auditLogUrl: config.AUDIT_LOG_URL, requestTimeoutMs: config.STATUS_PROBE_TIMEOUT_MS }),
        },
        {
          provide: StatusReport,
          inject: [KafkaPlatform, HttpAndKafkaStatusProbes],
          useFactory: (platform: KafkaPlatform, probes: HttpAndKafkaStatusProbes) =>
            new StatusReport(probes, new KafkaDeadLetterStore(platform, { readTimeoutMs: config.STATUS_DEAD_LETTER_TIMEOUT_MS }), new KafkaActionLog(platform.sender), {
              services: config.STATUS_SERVICES,
              probeTimeoutMs: config.STATUS_PROBE_TIMEOUT_MS,
              deadLetterTimeoutMs: config.STATUS_DEAD_LETTER_TIMEOUT_MS,
              maxLag: BigInt(config.STATUS_MAX_LAG),
            }),
        },
        {
          provide: DeadLetterRequests,
          inject: [KafkaPlatform],
          useFactory: (platform: KafkaPlatform) =>
            new DeadLetterRequests(
              new KafkaDeadLetterStore(platform, { readTimeoutMs: config.DEAD_LETTER_READ_TIMEOUT_MS }),
              new KafkaActionLog(platform.sender),
            ),
        },
      ],
    };
  }
}
