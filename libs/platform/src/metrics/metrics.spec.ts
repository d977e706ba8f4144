import { INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuthModule } from '../auth/auth.module';
import { generateSigningKey, TokenIssuer, TokenVerifier } from '../auth/tokens';
import { ApiErrorFilter } from '../http/errors';
import { countConsumerRecords, countDeadLetter, isScrapeToken, meter } from './metrics';
import { MetricsModule } from './metrics.module';

const TOKEN = 'scrape-token-0123456789abcdef0123456789';

async function appWith(token: string | undefined): Promise<{ app: INestApplication; issuer: TokenIssuer }> {
  const key = await generateSigningKey('k1');
  @Module({ imports: [MetricsModule.forToken(token), AuthModule.forVerifier(new TokenVerifier({ jwks: key.publicJwks }))] })
  class AppModule {}
  const ref = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = ref.createNestApplication({ logger: false });
  app.useGlobalFilters(new ApiErrorFilter(app.getHttpAdapter()));
  await app.init();
  return { app, issuer: await TokenIssuer.fromJwk(key.privateJwk) };
}

describe('GET /metrics', () => {
  let app: INestApplication;
  let issuer: TokenIssuer;

  beforeAll(async () => ({ app, issuer } = await appWith(TOKEN)));
  afterAll(() => app.close());

  it('serves counters in the Prometheus text format to the scrape token', async () => {
    meter().createCounter('inkijk_spec_things', { description: 'things counted by the spec' }).add(3, { kind: 'A' });
    countConsumerRecords('spec-group', 'spec.topic', 'processed', 5);
    const res = await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# HELP inkijk_spec_things_total things counted by the spec');
    expect(res.text).toMatch(/^inkijk_spec_things_total\{kind="A"\} 3$/m);
    expect(res.text).toMatch(/^inkijk_consumer_records_total\{consumer_group="spec-group",topic="spec.topic",outcome="processed"\} 5$/m);
  });

  it('counts dead letters per consumer group, topic and reason (the figure the dead-letter alert reads)', async () => {
    countDeadLetter('spec-group', 'spec.topic', 'INVALID_CONTENT');
    countDeadLetter('spec-group', 'spec.topic', 'INVALID_CONTENT');
    countDeadLetter('spec-group', 'spec.topic', 'UNDECODABLE');
    const res = await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.text).toMatch(/^inkijk_dead_letters_total\{consumer_group="spec-group",topic="spec.topic",reason="INVALID_CONTENT"\} 2$/m);
    expect(res.text).toMatch(/^inkijk_dead_letters_total\{consumer_group="spec-group",topic="spec.topic",reason="UNDECODABLE"\} 1$/m);
  });

  it('refuses a request without a token, with a wrong token, and with a user token', async () => {
    const none = await request(app.getHttpServer()).get('/metrics');
    expect([none.status, none.body.code]).toEqual([401, 'TOKEN_MISSING']);
    const wrong = await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${TOKEN.slice(0, -1)}x`);
    expect([wrong.status, wrong.body.code]).toEqual([401, 'TOKEN_INVALID']);
    const user = await issuer.issue({ userId: 'u-1', homeMunicipalityId: 'm-1', roles: ['SECURITY_OFFICER'], displayName: 'S' });
    const asUser = await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${user}`);
    expect([asUser.status, asUser.body.code]).toEqual([401, 'TOKEN_INVALID']);
    expect(none.text).not.toContain('inkijk_');
  });

  it('is closed when no scrape token is configured', async () => {
    const closed = await appWith(undefined);
    try {
      const res = await request(closed.app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect([res.status, res.body.code]).toEqual([403, 'METRICS_DISABLED']);
    } finally {
      await closed.app.close();
    }
  });
});

describe('isScrapeToken', () => {
  it('accepts only the exact configured token', () => {
    expect(isScrapeToken(TOKEN, TOKEN)).toBe(true);
    expect(isScrapeToken(`${TOKEN} `, TOKEN)).toBe(false);
    expect(isScrapeToken(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(isScrapeToken(undefined, TOKEN)).toBe(false);
    expect(isScrapeToken(TOKEN, undefined)).toBe(false);
  });
});

describe('consumer waiting metrics', () => {
  it('says a topic is paused with its held lag while a partition waits, and counts retries by kind', async () => {
    const { countConsumerRetry, prometheusText, reportConsumerWaiting } = await import('./metrics');
    reportConsumerWaiting('wait-group', 'wait.topic', 2, 40);
    countConsumerRetry('wait-group', 'wait.topic', 'transient');
    countConsumerRetry('wait-group', 'wait.topic', 'transient');
    countConsumerRetry('wait-group', 'wait.topic', 'unknown');
    let text = await prometheusText();
    expect(text).toMatch(/^inkijk_consumer_paused\{consumer_group="wait-group",topic="wait.topic"\} 1$/m);
    expect(text).toMatch(/^inkijk_consumer_lag\{consumer_group="wait-group",topic="wait.topic",partition="2"\} 40$/m);
    expect(text).toMatch(/^inkijk_consumer_retries_total\{consumer_group="wait-group",topic="wait.topic",kind="transient"\} 2$/m);
    expect(text).toMatch(/^inkijk_consumer_retries_total\{consumer_group="wait-group",topic="wait.topic",kind="unknown"\} 1$/m);
    reportConsumerWaiting('wait-group', 'wait.topic', 2, undefined);
    text = await prometheusText();
    expect(text).toMatch(/^inkijk_consumer_paused\{consumer_group="wait-group",topic="wait.topic"\} 0$/m);
  });
});
