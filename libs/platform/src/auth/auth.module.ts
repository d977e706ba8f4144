import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { z } from 'zod';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './tokens';

/** Environment of token verification: a JWKS inline, or the URL of the issuer's JWKS endpoint. */
export const authEnv = {
  AUTH_JWKS: z.string().optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().default('inkijk-login'),
  AUTH_AUDIENCE: z.string().default('inkijk'),
};

export interface AuthConfig {
  AUTH_JWKS?: string;
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
}

export function verifierFromConfig(c: AuthConfig): TokenVerifier {
  return new TokenVerifier({
    jwks: c.AUTH_JWKS ? (JSON.parse(c.AUTH_JWKS) as { keys: [] }) : undefined,
    jwksUrl: c.AUTH_JWKS_URL,
    issuer: c.AUTH_ISSUER,
    audience: c.AUTH_AUDIENCE,
  });
}

/** Registers the global AuthGuard: every endpoint needs a valid token unless marked @Public(). */
@Global()
@Module({})
export class AuthModule {
  static forVerifier(verifier: TokenVerifier): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, useValue: verifier }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenVerifier],
    };
  }
}
