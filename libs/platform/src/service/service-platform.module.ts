/**
 * The platform every Kafka-connected HTTP service runs on, wired once: health (/health/*),
 * metrics (/metrics behind the scrape token), the one login's token verification with the
 * account-changes follower (ADR 0017), and the Kafka platform (client, durable sender, status).
 */
import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import type { TokenVerifier } from '../auth/tokens';
import { kafkaCredentialsOf } from '../config/config';
import { HealthModule } from '../health/health';
import { KafkaPlatformModule } from '../kafka/kafka.module';
import type { KafkaPlatformOptions } from '../kafka/kafka-platform';
import { MetricsModule } from '../metrics/metrics.module';

export interface ServicePlatformOptions {
  /** The service's validated configuration: its scrape token and its broker settings. */
  config: { METRICS_TOKEN?: string; KAFKA_BROKERS: string; KAFKA_USERNAME: string; KAFKA_PASSWORD: string; KAFKA_TLS_CA_FILE?: string; KAFKA_CONSUMER_GATHER_MS?: number };
  /** The service's client id at the broker. */
  clientId: string;
  /** Verifies the one login's tokens on every endpoint not marked @Public(). */
  verifier: TokenVerifier;
  /** The consumer-group prefix of the service's account-changes follower (revocation in seconds). */
  accountChangesGroupIdPrefix: string;
  /** The durable sender's settings, when the service needs other than the defaults. */
  sender?: KafkaPlatformOptions['sender'];
}

@Module({})
export class ServicePlatformModule {
  static forService(options: ServicePlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: ServicePlatformModule,
      imports: [
        HealthModule,
        MetricsModule.forToken(config.METRICS_TOKEN),
        AuthModule.forVerifier(options.verifier, { accountChanges: { groupIdPrefix: options.accountChangesGroupIdPrefix } }),
        KafkaPlatformModule.forRoot({
          clientId: options.clientId,
          brokers: config.KAFKA_BROKERS,
          credentials: kafkaCredentialsOf(config),
          consumerGatherMs: config.KAFKA_CONSUMER_GATHER_MS,
          ...(options.sender ? { sender: options.sender } : {}),
        }),
      ],
      // The service's own providers inject the HealthRegistry; the token verifier and the
      // Kafka platform are global.
      exports: [HealthModule],
    };
  }
}
