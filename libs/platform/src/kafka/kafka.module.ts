import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HealthModule, HealthRegistry } from '../health/health';
import { KafkaPlatform, KafkaPlatformOptions } from './kafka-platform';

/** NestJS wiring of the KafkaPlatform: one per service, its status on /health/ready. */
@Module({})
export class KafkaPlatformModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(KafkaPlatform) private readonly platform: KafkaPlatform,
    private readonly health: HealthRegistry,
  ) {}

  static forRoot(opts: KafkaPlatformOptions): DynamicModule {
    return {
      module: KafkaPlatformModule,
      global: true,
      imports: [HealthModule],
      providers: [{ provide: KafkaPlatform, useFactory: () => KafkaPlatform.connect(opts) }],
      exports: [KafkaPlatform],
    };
  }

  onModuleInit(): void {
    this.health.register(this.platform.status);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.platform.close();
  }
}
