import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@inkijk/platform';
import type { SupplierSimulatorsConfig } from './config';

/** Simulators of the data sources (BRP, UWV, SVB, DUO, RDW, Kadaster) with fictional data. */
@Module({})
export class SupplierSimulatorsModule {
  static forConfig(_config: SupplierSimulatorsConfig): DynamicModule {
    return { module: SupplierSimulatorsModule, imports: [HealthModule] };
  }
}
