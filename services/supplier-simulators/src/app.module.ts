import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, HttpAppOptions, MetricsModule, openApiController } from '@inkijk/platform';
import { OPENAPI } from './adapters/routes';
import { ADMIN_TOKEN, FAULTS, SimulatorsController } from './adapters/simulators.controller';
import { JsonRequestLog, REQUEST_LOG, RequestLog } from './adapters/request-log';
import { parseFaults } from './domain/faults';
import type { SupplierSimulatorsConfig } from './config';

/** On the query path, so on Fastify like the gateway (ADR 0012). */
export const HTTP_APP: HttpAppOptions = { service: 'supplier-simulators', adapter: 'fastify' };

/** Simulators of the data sources (BRP, UWV, SVB, DUO, RDW, Kadaster) with fictional data. */
@Module({})
export class SupplierSimulatorsModule {
  /** `requestLog`: where each request is written (default: the JSON log; tests read it in memory). */
  static forConfig(config: SupplierSimulatorsConfig, requestLog: RequestLog = new JsonRequestLog()): DynamicModule {
    return {
      module: SupplierSimulatorsModule,
      imports: [HealthModule, MetricsModule.forToken(config.METRICS_TOKEN)],
      controllers: [SimulatorsController, openApiController(OPENAPI)],
      providers: [
        { provide: FAULTS, useValue: parseFaults(config.SIM_FAULTS) },
        { provide: ADMIN_TOKEN, useValue: config.SIM_ADMIN_TOKEN },
        { provide: REQUEST_LOG, useValue: requestLog },
      ],
    };
  }
}
