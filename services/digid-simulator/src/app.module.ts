import { randomBytes } from 'node:crypto';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { importJWK, type JWK } from 'jose';
import { generateSigningKey, HealthModule, HttpAppOptions, publicJwkOf } from '@inkijk/platform';
import { DigidController, SIMULATOR, SimulatorSettings } from './adapters/digid.controller';
import { clientsOf, DigidSimulatorConfig } from './config';

export const HTTP_APP: HttpAppOptions = { service: 'digid-simulator', bodyLimit: '16kb' };

/** A DigiD-shaped OpenID Connect provider for local runs and tests: test citizens only. */
@Module({})
export class DigidSimulatorModule implements NestModule {
  static async forConfig(config: DigidSimulatorConfig): Promise<DynamicModule> {
    const privateJwk: JWK = config.DIGID_SIGNING_KEY ? (JSON.parse(config.DIGID_SIGNING_KEY) as JWK) : (await generateSigningKey(`digid-sim-${Date.now()}`)).privateJwk;
    const settings: SimulatorSettings = {
      issuer: config.DIGID_ISSUER.replace(/\/+$/, ''),
      clients: clientsOf(config),
      signingKey: await importJWK(privateJwk, 'EdDSA'),
      publicJwk: publicJwkOf(privateJwk),
      kid: privateJwk.kid ?? 'digid-sim',
      subjectSecret: randomBytes(32),
    };
    return {
      module: DigidSimulatorModule,
      imports: [HealthModule],
      controllers: [DigidController],
      providers: [{ provide: SIMULATOR, useValue: settings }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 })).forRoutes('*path');
  }
}
