import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { HealthModule, HealthRegistry } from '@inkijk/platform';
import { RegistrationDb } from './adapters/prisma/prisma.service';
import type { RegistrationConfig } from './config';

@Module({})
export class RegistrationModule implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly db: RegistrationDb,
  ) {}

  static forConfig(config: RegistrationConfig): DynamicModule {
    return {
      module: RegistrationModule,
      imports: [HealthModule],
      providers: [{ provide: RegistrationDb, useFactory: () => new RegistrationDb(config.DATABASE_URL) }],
      exports: [RegistrationDb],
    };
  }

  onModuleInit(): void {
    this.health.register(this.db);
  }
}
