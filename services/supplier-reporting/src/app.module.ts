import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@inkijk/platform';
import type { SupplierReportingConfig } from './config';

/** Supplier reporting: usage aggregates, generic and specific reports, supplier feeds. */
@Module({})
export class SupplierReportingModule {
  static forConfig(_config: SupplierReportingConfig): DynamicModule {
    return { module: SupplierReportingModule, imports: [HealthModule] };
  }
}
