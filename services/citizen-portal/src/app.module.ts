import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { urlencoded } from 'express';
import type { JWK } from 'jose';
import { decodeKey, HealthModule, HttpAppOptions } from '@inkijk/platform';
import { AuditLogClient } from './adapters/audit-log-client';
import { CITIZEN_APP, CitizenController, settingsFrom } from './adapters/citizen.controller';
import { DigidClient } from './adapters/digid-client';
import type { CitizenPortalConfig } from './config';

export const HTTP_APP: HttpAppOptions = { service: 'citizen-portal', bodyLimit: '8kb' };

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

/** The citizen's app: DigiD login and "Wie bekeek mijn gegevens" (no database; ADR 0025). */
@Module({})
export class CitizenPortalModule implements NestModule {
  static async forConfig(config: CitizenPortalConfig): Promise<DynamicModule> {
    const base = config.CITIZEN_PORTAL_URL.replace(/\/+$/, '');
    const settings = await settingsFrom({
      sessionKey: JSON.parse(config.CITIZEN_SESSION_KEY) as JWK,
      digid: new DigidClient(config.DIGID_ISSUER_URL, config.DIGID_CLIENT_ID, `${base}/auth/callback`, config.DIGID_BACKCHANNEL_URL),
      auditLog: new AuditLogClient(config.AUDIT_LOG_URL),
      pseudonymKey: decodeKey(config.SUBJECT_PSEUDONYM_KEY),
      secureCookies: base.startsWith('https:'),
    });
    return {
      module: CitizenPortalModule,
      imports: [HealthModule],
      controllers: [CitizenController],
      providers: [{ provide: CITIZEN_APP, useValue: settings }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(securityHeaders, urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 })).forRoutes('*path');
  }
}
