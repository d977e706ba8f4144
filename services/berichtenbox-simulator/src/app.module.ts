import { DynamicModule, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createKafka, HealthModule, HttpAppOptions, kafkaCredentialsOf } from '@inkijk/platform';
import { BerichtenboxController } from './adapters/berichtenbox.controller';
import { NotificationsFollower } from './adapters/notifications.follower';
import type { BerichtenboxSimulatorConfig } from './config';
import { Berichtenbox } from './domain/berichtenbox';

export const HTTP_APP: HttpAppOptions = { service: 'berichtenbox-simulator', bodyLimit: '16kb' };

/** A berichtenbox for local runs and tests: receives the citizen notifications and shows them. */
@Module({})
export class BerichtenboxSimulatorModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly follower: NotificationsFollower) {}

  static forConfig(config: BerichtenboxSimulatorConfig): DynamicModule {
    const box = new Berichtenbox();
    const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID ?? 'berichtenbox-simulator', brokers: config.KAFKA_BROKERS, credentials: kafkaCredentialsOf(config) });
    return {
      module: BerichtenboxSimulatorModule,
      imports: [HealthModule],
      controllers: [BerichtenboxController],
      providers: [
        { provide: Berichtenbox, useValue: box },
        { provide: NotificationsFollower, useValue: new NotificationsFollower(kafka, box, config.BERICHTENBOX_RETRY_MS) },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }
}
