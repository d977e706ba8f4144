import { DynamicModule, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { urlencoded } from 'express';
import { decodeKey, HealthModule, MetricsModule, HealthRegistry, openApiController, verifierFromConfig } from '@inkijk/platform';
import { AUDIT_LOG, GATEWAY, OPERATIONS, REGISTRATION, REPORTING } from './app/ports';
import { AuditLogClient, GatewayClient, OperationsClient, RegistrationClient, ReportingClient, ServiceClient } from './adapters/backend/clients';
import { StatusPageController } from './adapters/http/status-page.controller';
import { AssetsController } from './adapters/http/assets.controller';
import { AuditReportsController, TRACE_UI_URL } from './adapters/http/audit-reports.controller';
import { AuthController } from './adapters/http/auth.controller';
import { securityHeaders } from './adapters/http/headers';
import { OfficerController } from './adapters/http/officer.controller';
import { GrantsController } from './adapters/http/grants.controller';
import { SignalsPageController } from './adapters/http/signals.controller';
import { OPENAPI } from './adapters/http/routes';
import { SecondFactorController } from './adapters/http/second-factor.controller';
import { Sessions, SessionGuard } from './adapters/http/session';
import { PageSupport } from './adapters/http/support';
import { WorkerController } from './adapters/http/worker.controller';
import type { PortalConfig } from './config';

const CONFIG = Symbol('PortalConfig');

/**
 * The Inkijk web portal: server-rendered pages, a BFF without a database. Logs in through
 * registration, keeps the token in a cookie only, and calls the other services with it.
 */
@Module({})
export class PortalModule implements NestModule, OnModuleInit {
  constructor(private readonly health: HealthRegistry) {}

  static forConfig(config: PortalConfig): DynamicModule {
    const sessions = new Sessions(verifierFromConfig(config), { csrfKey: config.PORTAL_CSRF_KEY ? decodeKey(config.PORTAL_CSRF_KEY) : undefined, secureCookies: config.PORTAL_SECURE_COOKIES });
    // A token a service refuses as revoked ends its session in the portal too (ADR 0017).
    const client = (name: string, url: string) => new ServiceClient(name, url.replace(/\/+$/, ''), config.BACKEND_TIMEOUT_MS, (token) => sessions.forget(token));
    return {
      module: PortalModule,
      imports: [HealthModule, MetricsModule.forToken(config.METRICS_TOKEN)],
      controllers: [AuthController, SecondFactorController, WorkerController, OfficerController, GrantsController, AuditReportsController, SignalsPageController, StatusPageController, AssetsController, openApiController(OPENAPI)],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: TRACE_UI_URL, useValue: config.TRACE_UI_URL ?? '' },
        { provide: Sessions, useValue: sessions },
        SessionGuard,
        PageSupport,
        { provide: GATEWAY, useFactory: () => new GatewayClient(client('gateway', config.GATEWAY_URL)) },
        { provide: REGISTRATION, useFactory: () => new RegistrationClient(client('registration', config.REGISTRATION_URL)) },
        { provide: AUDIT_LOG, useFactory: () => new AuditLogClient(client('audit-log', config.AUDIT_LOG_URL)) },
        { provide: REPORTING, useFactory: () => new ReportingClient(client('reporting', config.REPORTING_URL)) },
        { provide: OPERATIONS, useFactory: () => new OperationsClient(client('operations', config.OPERATIONS_URL)) },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(securityHeaders, urlencoded({ extended: true, limit: '32kb', parameterLimit: 100 })).forRoutes('*path');
  }

  onModuleInit(): void {
    // The portal is ready when the portal runs; the services it calls report their own health
    // and every page shows a clear "not available" state when one of them does not answer.
    this.health.register({ name: 'portal', check: () => ({ status: 'up' }) });
  }
}
