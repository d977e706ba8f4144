import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@inkijk/platform';
import type { AuditLogConfig } from './config';

/** Audit log: every attributed query in an append-only, hash-chained store. */
@Module({})
export class AuditLogModule {
  static forConfig(_config: AuditLogConfig): DynamicModule {
    return { module: AuditLogModule, imports: [HealthModule] };
  }
}
