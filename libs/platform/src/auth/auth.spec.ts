import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HealthModule } from '../health/health';
import { ApiErrorFilter } from '../http/errors';
import { CurrentPrincipal, RequireRoles } from './auth.guard';
import { AuthModule } from './auth.module';
import { Revocations } from './revocations';
import { generateSigningKey, Principal, TokenIssuer, TokenVerifier } from './tokens';

@Controller('things')
class ThingsController {
  @Get('mine')
  mine(@CurrentPrincipal() p: Principal) {
    return { userId: p.userId, home: p.homeMunicipalityId };
  }

  @Get('approvals')
  @RequireRoles('SECURITY_OFFICER')
  approvals() {
    return { ok: true };
  }
}

describe('authentication on every endpoint', () => {
  let app: INestApplication;
  let issuer: TokenIssuer;
  let otherIssuer: TokenIssuer;
  const revocations = new Revocations();
  const worker = { userId: 'u-1', homeMunicipalityId: 'm-haarlem', roles: ['WORKER' as const], displayName: 'W. Orker' };

  beforeAll(async () => {
    const key = await generateSigningKey('k1');
    const other = await generateSigningKey('k1'); // same kid, different key: a forgery
    issuer = await TokenIssuer.fromJwk(key.privateJwk);
    otherIssuer = await TokenIssuer.fromJwk(other.privateJwk);
    @Module({ imports: [HealthModule, AuthModule.forVerifier(new TokenVerifier({ jwks: key.publicJwks, revocations }))], controllers: [ThingsController] })
    class AppModule {}
    const ref = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = ref.createNestApplication({ logger: false });
    app.useGlobalFilters(new ApiErrorFilter(app.getHttpAdapter()));
    await app.init();
  });
  afterAll(() => app.close());

  const get = (path: string, token?: string) => {
    const r = request(app.getHttpServer()).get(path);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };

  it('lets a valid token through and exposes the principal from its claims', async () => {
    const res = await get('/things/mine', await issuer.issue(worker));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: 'u-1', home: 'm-haarlem' });
  });

  it('refuses a request without a token with 401 TOKEN_MISSING', async () => {
    const res = await get('/things/mine');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MISSING');
  });

  it('refuses a forged token (signed with another key) with 401 TOKEN_INVALID', async () => {
    const res = await get('/things/mine', await otherIssuer.issue(worker));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
    const res = await get('/things/mine', await issuer.issue(worker, -10));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token of a deactivated account with 401 TOKEN_REVOKED and a readable message', async () => {
    const token = await issuer.issue({ ...worker, userId: 'u-gone' });
    expect((await get('/things/mine', token)).status).toBe(200);
    revocations.deactivated('u-gone', Date.now());
    const res = await get('/things/mine', token);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'TOKEN_REVOKED', message: 'This account has been deactivated: its sessions have ended. Ask your user administrator.' });
    expect((await get('/things/mine', await issuer.issue(worker))).status).toBe(200);
  });

  it('refuses a caller without the required role with 403 ROLE_REQUIRED', async () => {
    const res = await get('/things/approvals', await issuer.issue(worker));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ code: 'ROLE_REQUIRED', message: 'This action needs the role SECURITY_OFFICER.' });
    const ok = await get('/things/approvals', await issuer.issue({ ...worker, roles: ['SECURITY_OFFICER'] }));
    expect(ok.status).toBe(200);
  });

  it('keeps health public', async () => {
    expect((await get('/health/live')).status).toBe(200);
  });
});
