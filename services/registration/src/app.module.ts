import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { JWK } from 'jose';
import { ConsumerGroups, topics } from '@inkijk/contracts';
import { decodeKey, HealthRegistry, KafkaPlatform, OutboxRelay, prismaTransactor, pseudonymise, publicJwkOf, TokenIssuer, TokenVerifier, verifierFromConfig, openApiController, ServicePlatformModule } from '@inkijk/platform';
import { Collaborations } from './app/collaborations';
import { Organisations } from './app/organisations';
import type { Clock, Ids, UnitOfWork } from './app/ports';
import { Users } from './app/users';
import { Grants } from './app/grants';
import { Whitelists } from './app/whitelist';
import { Sessions } from './app/sessions';
import { ActivityLog } from './app/activity';
import { ApplicationsController } from './adapters/http/applications.controller';
import { AuthController, JWKS } from './adapters/http/auth.controller';
import { CollaborationsController } from './adapters/http/collaborations.controller';
import { GrantsController } from './adapters/http/grants.controller';
import { LoginSecurityController, SecondFactorController } from './adapters/http/login-security.controller';
import { LogoutController } from './adapters/http/logout.controller';
import { OrganisationsController } from './adapters/http/organisations.controller';
import { OPENAPI } from './adapters/http/routes';
import { UsersController } from './adapters/http/users.controller';
import { WhitelistController } from './adapters/http/whitelist.controller';
import { startCaseloadConsumer } from './adapters/kafka/caseload.consumer';
import { RegistrationDb } from './adapters/prisma/prisma.service';
import { prismaUnitOfWork } from './adapters/prisma/stores';
import { loginPolicyOf, type RegistrationConfig } from './config';
import { Logins } from './app/logins';
import { LoginSecrets, loginSecretKeyOf } from './app/login-secrets';
import { SourceThrottle } from './domain/login-security';
import { ENROLMENT_AUDIENCE, LoginTokens } from './adapters/http/login-tokens';
import { SourceAddresses } from './adapters/http/source-address';
import { prismaLoginUnitOfWork } from './adapters/prisma/login.store';

const CONFIG = Symbol('CONFIG');
const UOW = Symbol('UOW');
const clock: Clock = { now: () => new Date() };
const ids: Ids = { next: () => globalThis.crypto.randomUUID() };

@Module({})
export class RegistrationModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly health: HealthRegistry,
    private readonly db: RegistrationDb,
    private readonly relay: OutboxRelay<unknown>,
    private readonly platform: KafkaPlatform,
    private readonly whitelists: Whitelists,
    @Inject(CONFIG) private readonly config: RegistrationConfig,
  ) {}

  static forConfig(config: RegistrationConfig): DynamicModule {
    const signingKey = JSON.parse(config.AUTH_SIGNING_KEY) as JWK;
    const jwks = { keys: [publicJwkOf(signingKey)] };
    const verifier: TokenVerifier = config.AUTH_JWKS || config.AUTH_JWKS_URL ? verifierFromConfig(config) : new TokenVerifier({ jwks, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE });
    const nudge = { fn: () => undefined as void };
    const loginPolicy = loginPolicyOf(config);
    const pseudonymKey = decodeKey(config.SUBJECT_PSEUDONYM_KEY);
    return {
      module: RegistrationModule,
      imports: [ServicePlatformModule.forService({ config, clientId: 'registration', verifier, accountChangesGroupIdPrefix: ConsumerGroups.registrationAccountChanges })],
      controllers: [AuthController, LogoutController, SecondFactorController, LoginSecurityController, OrganisationsController, CollaborationsController, ApplicationsController, GrantsController, UsersController, WhitelistController, openApiController(OPENAPI)],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: JWKS, useValue: jwks },
        { provide: TokenIssuer, useFactory: () => TokenIssuer.fromJwk(signingKey, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE }) },
        { provide: RegistrationDb, useFactory: () => new RegistrationDb(config.DATABASE_URL) },
        { provide: UOW, inject: [RegistrationDb], useFactory: (db: RegistrationDb) => prismaUnitOfWork(db) },
        {
          provide: OutboxRelay,
          inject: [RegistrationDb, KafkaPlatform],
          useFactory: (db: RegistrationDb, platform: KafkaPlatform) => {
            const relay = new OutboxRelay(prismaTransactor(db as never), platform.sender, { pollMs: 1000 });
            nudge.fn = () => relay.nudge();
            return relay;
          },
        },
        { provide: Organisations, inject: [UOW], useFactory: (uow: UnitOfWork) => new Organisations(uow, clock, ids, () => nudge.fn()) },
        { provide: Collaborations, inject: [UOW], useFactory: (uow: UnitOfWork) => new Collaborations(uow, clock, ids, () => nudge.fn()) },
        { provide: Users, inject: [UOW], useFactory: (uow: UnitOfWork) => new Users(uow, clock, ids, () => nudge.fn()) },
        { provide: Grants, inject: [UOW], useFactory: (uow: UnitOfWork) => new Grants(uow, clock, ids, () => nudge.fn()) },
        { provide: Whitelists, inject: [UOW], useFactory: (uow: UnitOfWork) => new Whitelists(uow, clock, ids, (bsn) => pseudonymise(bsn, pseudonymKey), () => nudge.fn()) },
        // Login security (ADR 0015): the login use case, the tokens it answers with, the client's address.
        { provide: Logins, inject: [RegistrationDb], useFactory: (db: RegistrationDb) => new Logins(prismaLoginUnitOfWork(db), clock, LoginSecrets.fromKey(loginSecretKeyOf(config)), loginPolicy, new SourceThrottle(loginPolicy), () => nudge.fn()) },
        {
          provide: LoginTokens,
          inject: [TokenIssuer, Sessions],
          useFactory: async (issuer: TokenIssuer, sessions: Sessions) =>
            new LoginTokens(
              issuer,
              await TokenIssuer.fromJwk(signingKey, { issuer: config.AUTH_ISSUER, audience: ENROLMENT_AUDIENCE }),
              new TokenVerifier({ jwks, issuer: config.AUTH_ISSUER, audience: ENROLMENT_AUDIENCE }),
              sessions,
            ),
        },
        // Logins and logouts on the sessions topic, which every service follows (ADR 0017).
        { provide: Sessions, inject: [KafkaPlatform, UOW], useFactory: (platform: KafkaPlatform, uow: UnitOfWork) => new Sessions(platform.producerFor(topics.sessions), clock, ids, new ActivityLog(uow), () => nudge.fn()) },
        { provide: SourceAddresses, useValue: new SourceAddresses(config.LOGIN_TRUSTED_PROXIES.split(',')) },
      ],
    };
  }

  async onModuleInit(): Promise<void> {
    this.health.register(this.db);
    this.relay.start();
    if (this.config.CASELOAD_CONSUMER === 'on') {
      await startCaseloadConsumer(this.platform, this.db, this.whitelists, () => this.relay.nudge());
    }
  }

  onApplicationShutdown(): void {
    this.relay.stop();
  }
}
