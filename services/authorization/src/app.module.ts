import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@inkijk/platform';
import type { AuthorizationConfig } from './config';

/** Authorization: one decision per query from a read model built from registration events. */
@Module({})
export class AuthorizationModule {
  static forConfig(_config: AuthorizationConfig): DynamicModule {
    return { module: AuthorizationModule, imports: [HealthModule] };
  }
}
