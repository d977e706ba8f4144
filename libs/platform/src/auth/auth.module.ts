import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { z } from 'zod';
import { HealthModule, HealthRegistry } from '../health/health';
import { KafkaPlatform } from '../kafka/kafka-platform';
import { AccountChangesFollower, AccountChangeTopics } from './account-changes';
import { AuthGuard } from './auth.guard';
import { Revocations } from './revocations';
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

export function verifierFromConfig(c: AuthConfig, opts: { revocations?: Revocations } = {}): TokenVerifier {
  return new TokenVerifier({
    jwks: c.AUTH_JWKS ? (JSON.parse(c.AUTH_JWKS) as { keys: [] }) : undefined,
    jwksUrl: c.AUTH_JWKS_URL,
    issuer: c.AUTH_ISSUER,
    audience: c.AUTH_AUDIENCE,
    revocations: opts.revocations,
  });
}

/** Follow the account changes (ADR 0017): the service's group from the catalogue. */
export interface FollowAccountChanges {
  /** e.g. ConsumerGroups.auditLogAccountChanges: `<principal>.account-changes`. */
  groupIdPrefix: string;
  /** Copies of the users and sessions topics (tests). */
  topics?: AccountChangeTopics;
}

/** Starts the follower with the module, registers it on /health/ready, stops it at shutdown. */
@Injectable()
class AccountChangesLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(AccountChangesFollower) private readonly follower: AccountChangesFollower,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register(this.follower);
    await this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }
}

/**
 * Registers the global AuthGuard: every endpoint needs a valid token unless marked @Public().
 * With `accountChanges`, the service follows the users and sessions topics (it needs the
 * KafkaPlatformModule) and its verifier refuses revoked tokens with 401 TOKEN_REVOKED.
 */
@Global()
@Module({})
export class AuthModule {
  static forVerifier(verifier: TokenVerifier, opts: { accountChanges?: FollowAccountChanges } = {}): DynamicModule {
    const providers: Provider[] = [{ provide: TokenVerifier, useValue: verifier }, { provide: APP_GUARD, useClass: AuthGuard }];
    const follow = opts.accountChanges;
    if (follow) {
      // Not current from now on: a request before the follower caught up waits (then 503).
      verifier.revocations.follow();
      providers.push(
        {
          provide: AccountChangesFollower,
          inject: [KafkaPlatform],
          useFactory: (platform: KafkaPlatform) =>
            new AccountChangesFollower({ kafka: platform.kafka, revocations: verifier.revocations, groupIdPrefix: follow.groupIdPrefix, deadLetters: platform.sender, status: platform.status, topics: follow.topics }),
        },
        AccountChangesLifecycle,
      );
    }
    return {
      module: AuthModule,
      imports: follow ? [HealthModule] : [],
      providers,
      exports: follow ? [TokenVerifier, AccountChangesFollower] : [TokenVerifier],
    };
  }
}
