import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@inkijk/platform';
import type { QueryProxyConfig } from './config';

/** Inkijk gateway: one login, the keuzelijst, attributed queries to the suppliers. */
@Module({})
export class QueryProxyModule {
  static forConfig(_config: QueryProxyConfig): DynamicModule {
    return { module: QueryProxyModule, imports: [HealthModule] };
  }
}
